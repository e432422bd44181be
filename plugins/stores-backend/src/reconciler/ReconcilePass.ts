import type { Store } from '@internal/plugin-stores-common';
import type { StoresDatabase } from '../database/StoresDatabase';
import type { StoresConfig } from '../types';

/** Another replica holds the store's lease; try again when it may have expired. */
export class LeaseHeldElsewhere extends Error {}
/** The store changed between our read and our claim; start the pass again. */
export class StaleStore extends Error {}
/** The row a pass works from, and its lease (taken on first write). */
export class ReconcilePass {
  #store: Store;
  #claimed = false;
  readonly #database: StoresDatabase;
  readonly #holder: string;
  readonly #leaseMs: number;

  constructor(
    store: Store,
    database: StoresDatabase,
    holder: string,
    config: StoresConfig,
  ) {
    this.#store = store;
    this.#database = database;
    this.#holder = holder;
    this.#leaseMs = config.reconciler.leaseSeconds * 1000;
  }

  get store(): Store {
    return this.#store;
  }

  async claim(): Promise<void> {
    if (this.#claimed) {
      return;
    }
    const fresh = await this.#database.claimStore(
      this.#store.id,
      this.#holder,
      this.#leaseMs,
    );
    if (!fresh) {
      throw new LeaseHeldElsewhere();
    }
    this.#claimed = true;
    if (
      fresh.generation !== this.#store.generation ||
      fresh.phase !== this.#store.phase ||
      fresh.observedGeneration !== this.#store.observedGeneration
    ) {
      throw new StaleStore();
    }
    this.#store = fresh;
  }

  /** The row is gone (deleted): nothing to release. */
  forget() {
    this.#claimed = false;
  }

  async release(): Promise<void> {
    if (this.#claimed) {
      this.#claimed = false;
      await this.#database.releaseStore(this.#store.id, this.#holder);
    }
  }
}

import { performance } from 'node:perf_hooks';
import type { Store } from '@internal/plugin-stores-common';
import type { StoresDatabase } from '../database/StoresDatabase';
import type { StoresConfig } from '../types';

/** Another replica holds the store's lease; try again once it may have expired. */
export class LeaseHeldElsewhere extends Error {
  constructor(
    /** When the lease expires by the database's clock (plus a little). */
    readonly retryAfterMs: number,
  ) {
    super(`Store is leased by another replica for ${retryAfterMs} ms more`);
  }
}
/** The store changed between our read and our claim; start the pass again. */
export class StaleStore extends Error {}

/** Share of the lease after which a running pass renews it. */
const RENEW_FRACTION = 1 / 4;
/**
 * Share of the lease a pass keeps in hand: it sends a write only while at
 * least this much of the lease is left by its own clock, because a request
 * takes time to reach the API server (seconds on a loaded machine) and
 * another replica takes the store over as soon as the lease ends.
 */
const SAFETY_FRACTION = 1 / 4;
/** Retry a moment after the other replica's lease expires, not before. */
const AFTER_EXPIRY_MS = 100;

/**
 * The row a pass works from, and its lease. The lease is taken on the first
 * write and renewed every quarter of `leaseSeconds` while the pass runs, so
 * a long pass keeps it and a crashed replica's lease runs out within
 * `leaseSeconds`. Before each wave of writes ({@link ReconcilePass.claim})
 * and again right before each write is sent, after the client's rate limiter
 * ({@link ReconcilePass.assertHeld}), the pass checks that its lease is
 * still good by its own monotonic clock, measured from when the last
 * successful renewal was sent (so the database expired it no earlier than
 * that), less a safety share: a pass whose renewals failed stops writing
 * before another replica may take over.
 */
export class ReconcilePass {
  #store: Store;
  #claimed = false;
  #validUntil = 0;
  #renewTimer?: NodeJS.Timeout;
  #renewing?: Promise<void>;
  readonly #database: StoresDatabase;
  readonly #holder: string;
  readonly #leaseMs: number;
  /** How long after a claim or renewal was sent its writes may still go out. */
  readonly #goodForMs: number;

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
    this.#goodForMs = this.#leaseMs * (1 - SAFETY_FRACTION);
  }

  get store(): Store {
    return this.#store;
  }

  async claim(): Promise<void> {
    if (this.#claimed) {
      this.assertHeld();
      return;
    }
    const sentAt = performance.now();
    const fresh = await this.#database.claimStore(
      this.#store.id,
      this.#holder,
      this.#leaseMs,
    );
    if (!fresh) {
      const remaining = await this.#database.leaseRemainingMs(this.#store.id);
      throw new LeaseHeldElsewhere(remaining + AFTER_EXPIRY_MS);
    }
    this.#claimed = true;
    this.#validUntil = sentAt + this.#goodForMs;
    this.#startRenewing();
    if (
      fresh.generation !== this.#store.generation ||
      fresh.phase !== this.#store.phase ||
      fresh.observedGeneration !== this.#store.observedGeneration
    ) {
      throw new StaleStore();
    }
    this.#store = fresh;
  }

  /**
   * Checked right before each write is sent, after the client's rate limiter
   * (writeGuard.ts): a write that waited there past the lease's good time is
   * not sent, since another replica may own the store by now. Throws
   * {@link LeaseHeldElsewhere}; the pass then ends and its store is queued
   * again. Before the pass's claim and after its release there is nothing
   * to check (a pass writes only after its claim).
   */
  assertHeld(): void {
    if (this.#claimed && performance.now() >= this.#validUntil) {
      // Lost (renewals failed or came too late): no more writes. The
      // release at the pass's end frees it if the database still says ours.
      this.#stopRenewing();
      throw new LeaseHeldElsewhere(0);
    }
  }

  /** The row is gone (deleted): nothing to release. */
  forget() {
    this.#stopRenewing();
    this.#claimed = false;
  }

  async release(): Promise<void> {
    this.#stopRenewing();
    await this.#renewing;
    if (this.#claimed) {
      this.#claimed = false;
      await this.#database.releaseStore(this.#store.id, this.#holder);
    }
  }

  #startRenewing() {
    this.#renewTimer = setInterval(() => {
      if (this.#renewing) {
        return; // the previous renewal is still on its way
      }
      this.#renewing = this.#renew().finally(() => {
        this.#renewing = undefined;
      });
    }, Math.max(1, Math.floor(this.#leaseMs * RENEW_FRACTION)));
    this.#renewTimer.unref?.();
  }

  async #renew() {
    const sentAt = performance.now();
    try {
      const renewed = await this.#database.renewLease(
        this.#store.id,
        this.#holder,
        this.#leaseMs,
      );
      if (renewed && this.#claimed) {
        this.#validUntil = sentAt + this.#goodForMs;
      } else {
        this.#validUntil = 0; // lost (or the row is gone): no more writes
      }
    } catch {
      // The database did not answer: the lease runs out on its own time.
    }
  }

  #stopRenewing() {
    clearInterval(this.#renewTimer);
    this.#renewTimer = undefined;
  }
}

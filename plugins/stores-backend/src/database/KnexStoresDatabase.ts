import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type {
  Store,
  StoreEventList,
  StoreList,
  StorePhase,
} from '@internal/plugin-stores-common';
import type { Knex } from 'knex';
import { insertEvent, listEvents } from './events';
import { countLiveStores, type FleetCount } from './fleetCounts';
import type { KnexContext } from './KnexContext';
import {
  claimStore,
  leaseRemainingMs,
  reapExpiredLeases,
  markDeleted,
  renewLease,
  releaseLeases,
  releaseStore,
  updateStatus,
} from './leases';
import {
  countStoresByPhase,
  getStore,
  listLiveStoreIds,
  listStores,
} from './storeQueries';
import { restoreStore } from './storeRestore';
import { updateStore } from './storeUpdate';
import { createStore, markDeleting, markRetry } from './storeRequests';
import { markResumed, markSuspended } from './suspension';
import type {
  CreateStoreInput,
  ListStoresOptions,
  NewStoreEvent,
  RestoreStoreInput,
  StoreAccessFilter,
  StoreFilter,
  StoreStatusPatch,
  StoresDatabase,
  UpdateStoreInput,
} from './StoresDatabase';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-stores-backend',
  'migrations',
);

/**
 * {@link StoresDatabase} on knex, for SQLite and PostgreSQL. The queries
 * live beside it by who writes: storeRequests.ts (the API's create, delete
 * and retry), leases.ts (the reconciler's leased writes), storeQueries.ts
 * (reads), events.ts, and accessFilter.ts (permission criteria as SQL).
 */
export class KnexStoresDatabase implements StoresDatabase {
  readonly #ctx: KnexContext;

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
    /** Clock, for tests of leases and rate limits. */
    now?: () => Date;
  }): Promise<KnexStoresDatabase> {
    const { database } = options;
    const client = await database.getClient();
    if (!options.skipMigrations && !database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new KnexStoresDatabase(client, options.now ?? (() => new Date()));
  }

  private constructor(db: Knex, now: () => Date) {
    this.#ctx = {
      db,
      now,
      isPostgres: String(db.client.config.client).includes('pg'),
    };
  }

  /** One cheap query, for the readiness route. */
  async check(): Promise<void> {
    await this.#ctx.db.raw('select 1');
  }

  createStore(
    input: CreateStoreInput,
  ): Promise<{ store: Store; created: boolean }> {
    return createStore(this.#ctx, input);
  }

  getStore(id: string, access?: StoreAccessFilter): Promise<Store | undefined> {
    return getStore(this.#ctx, id, access);
  }

  listStores(options: ListStoresOptions): Promise<StoreList> {
    return listStores(this.#ctx, options);
  }

  countStoresByPhase(filter: StoreFilter): Promise<Record<StorePhase, number>> {
    return countStoresByPhase(this.#ctx, filter);
  }

  markDeleting(id: string, actor: string): Promise<Store> {
    return markDeleting(this.#ctx, id, actor);
  }

  markRetry(id: string, actor: string): Promise<Store> {
    return markRetry(this.#ctx, id, actor);
  }

  markSuspended(id: string, actor: string): Promise<Store> {
    return markSuspended(this.#ctx, id, actor);
  }

  markResumed(id: string, actor: string): Promise<Store> {
    return markResumed(this.#ctx, id, actor);
  }

  updateStore(
    id: string,
    input: UpdateStoreInput,
  ): Promise<{ store: Store; changed: string[] }> {
    return updateStore(this.#ctx, id, input);
  }

  listLiveStoreIds(): Promise<string[]> {
    return listLiveStoreIds(this.#ctx);
  }

  countLiveStores(): Promise<FleetCount[]> {
    return countLiveStores(this.#ctx);
  }

  claimStore(
    id: string,
    holder: string,
    leaseMs: number,
  ): Promise<Store | undefined> {
    return claimStore(this.#ctx, id, holder, leaseMs);
  }

  releaseStore(id: string, holder: string): Promise<void> {
    return releaseStore(this.#ctx, id, holder);
  }

  renewLease(id: string, holder: string, leaseMs: number): Promise<boolean> {
    return renewLease(this.#ctx, id, holder, leaseMs);
  }

  leaseRemainingMs(id: string): Promise<number> {
    return leaseRemainingMs(this.#ctx, id);
  }

  releaseLeases(holder: string): Promise<number> {
    return releaseLeases(this.#ctx, holder);
  }

  reapExpiredLeases(): Promise<string[]> {
    return reapExpiredLeases(this.#ctx);
  }

  updateStatus(
    id: string,
    holder: string,
    patch: StoreStatusPatch,
  ): Promise<Store> {
    return updateStatus(this.#ctx, id, holder, patch);
  }

  markDeleted(id: string, holder: string): Promise<void> {
    return markDeleted(this.#ctx, id, holder);
  }

  restoreStore(input: RestoreStoreInput): Promise<Store | undefined> {
    return restoreStore(this.#ctx, input);
  }

  appendEvent(id: string, event: NewStoreEvent): Promise<void> {
    return insertEvent(this.#ctx.db, id, event, this.#ctx.now());
  }

  listEvents(
    id: string,
    options: { limit: number; cursor?: string },
  ): Promise<StoreEventList> {
    return listEvents(this.#ctx, id, options);
  }
}

import type {
  ParsedCreateStoreRequest,
  Store,
  StoreCondition,
  StoreEvent,
  StoreEventList,
  StoreList,
  StorePhase,
  StoreUrls,
} from '@internal/plugin-stores-common';

/**
 * Contract between the stores database (src/database) and its users: the
 * router (src/service) and the reconciler (src/reconciler). Implemented by
 * DatabaseStoresStore on knex (SQLite and PostgreSQL).
 */

/** Owner filter already resolved from a conditional permission decision. */
export interface StoreAccessFilter {
  /** When set, only stores whose owner is one of these refs are visible. */
  owners?: string[];
}

export interface ListStoresOptions {
  owners?: string[];
  phases?: StorePhase[];
  /** Case-insensitive substring of name or display name. */
  text?: string;
  limit: number;
  cursor?: string;
  access?: StoreAccessFilter;
}

export interface CreateStoreInput {
  request: ParsedCreateStoreRequest;
  namespace: string;
  createdBy: string;
  /** A retried request with the same key and creator returns the first store. */
  idempotencyKey?: string;
  limits: { perOwner: number; total: number };
}

/** Status fields the reconciler owns. */
export interface StoreStatusPatch {
  phase?: StorePhase;
  conditions?: StoreCondition[];
  urls?: StoreUrls;
  /** `null` clears it. */
  failureReason?: string | null;
  observedGeneration?: number;
}

export interface NewStoreEvent {
  type: StoreEvent['type'];
  reason: string;
  message: string;
}

export interface StoresDatabase {
  /**
   * Inserts a store in `pending` with its `Created` event, enforcing name
   * uniqueness among live stores and the limits atomically (safe with several
   * replicas). Throws ConflictError on a duplicate name, NotAllowedError-free
   * InputError... see implementation for the error types.
   */
  createStore(
    input: CreateStoreInput,
  ): Promise<{ store: Store; created: boolean }>;
  getStore(id: string, access?: StoreAccessFilter): Promise<Store | undefined>;
  listStores(options: ListStoresOptions): Promise<StoreList>;
  /** Sets phase `deleting` and bumps the generation; appends an event. */
  markDeleting(id: string, actor: string): Promise<Store>;
  /** From `failed`: back to `provisioning`, bumps the generation; appends an event. */
  markRetry(id: string, actor: string): Promise<Store>;

  /** Ids of stores that are not yet deleted, for resyncs. */
  listLiveStoreIds(): Promise<string[]>;
  /**
   * Takes (or renews) the lease on a store for `holder` for `leaseMs`.
   * Returns the store when the lease is held by `holder` afterwards, undefined
   * when another holder's unexpired lease exists or the store is gone.
   */
  claimStore(
    id: string,
    holder: string,
    leaseMs: number,
  ): Promise<Store | undefined>;
  releaseStore(id: string, holder: string): Promise<void>;
  /** Writes status only while `holder` holds the lease; returns the new store. */
  updateStatus(
    id: string,
    holder: string,
    patch: StoreStatusPatch,
  ): Promise<Store>;
  /** Final step of deletion: the store is gone from every listing. */
  markDeleted(id: string, holder: string): Promise<void>;

  appendEvent(id: string, event: NewStoreEvent): Promise<void>;
  listEvents(
    id: string,
    options: { limit: number; cursor?: string },
  ): Promise<StoreEventList>;
}

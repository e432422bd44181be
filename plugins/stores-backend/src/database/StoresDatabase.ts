import type { FleetCount } from './fleetCounts';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type {
  BackupRef,
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
 * KnexStoresDatabase on knex (SQLite and PostgreSQL).
 */

/** Query form of the `isStoreOwner` permission rule (see src/permissions). */
export interface StoreOwnerQuery {
  /** Owner entity refs, lowercased. */
  owners: string[];
}

/**
 * Access filter already resolved from a permission decision and applied in
 * SQL. Both fields apply when both are set.
 */
export interface StoreAccessFilter {
  /** When set, only stores whose owner is one of these refs are visible. */
  owners?: string[];
  /**
   * A conditional decision's criteria (allOf / anyOf / not over
   * `isStoreOwner`), translated into SQL as they stand.
   */
  criteria?: PermissionCriteria<StoreOwnerQuery>;
}

/** Which live stores a list or a count covers. */
export interface StoreFilter {
  owners?: string[];
  phases?: StorePhase[];
  /** Case-insensitive substring of name or display name. */
  text?: string;
  access?: StoreAccessFilter;
}

export interface ListStoresOptions extends StoreFilter {
  limit: number;
  cursor?: string;
}

export interface CreateStoreInput {
  request: ParsedCreateStoreRequest;
  namespace: string;
  createdBy: string;
  /** A retried request with the same key and creator returns the first store. */
  idempotencyKey?: string;
  /**
   * The store's public URLs, known from its name as soon as it is requested
   * (the engine computes them), so that callers can link to it at once.
   */
  urlsFor?: (store: Store) => StoreUrls;
  limits: {
    perOwner: number;
    total: number;
    /** Creates one user may make per minute; unlimited when unset. */
    perUserPerMinute?: number;
  };
  /**
   * Runs every check (duplicate name, limits, idempotency) and returns the
   * store that would be created, without writing anything.
   */
  dryRun?: boolean;
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

/** A store found in the cluster (its namespace's labels) whose row is missing. */
export interface RestoreStoreInput {
  id: string;
  name: string;
  namespace: string;
  owner: string;
  engine: string;
  plan: string;
  displayName?: string;
  description?: string;
  options?: Record<string, unknown>;
  createdBy: string;
  /** ISO time the store was first created, when known. */
  createdAt?: string;
  /** The backup the store was made from, when it was. */
  restoredFrom?: BackupRef;
  /** Who asked for the restore (for the `Restored` event). */
  restoredBy: string;
}

/** A change an owner asked for through `PATCH /stores/:id`. */
export interface UpdateStoreInput {
  displayName?: string;
  /** An empty string removes the description. */
  description?: string;
  plan?: string;
  /** The plan the API checked the change against (its volumes). */
  expectedPlan?: string;
  /** Who asked (for the event). */
  actor: string;
}

/** Longest idempotency key accepted (the column's width). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export interface StoresDatabase {
  /**
   * Inserts a store in `pending` with its `Created` event, enforcing name
   * uniqueness among live stores and the limits atomically (safe with several
   * replicas). `created` is false when an earlier request with the same
   * idempotency key (and creator) is answered again, or on a dry run.
   *
   * Throws ConflictError on a duplicate live name (or a reused key whose
   * store was deleted), NotAllowedError when the per-owner or total limit is
   * reached, and TooManyRequestsError (429) when the creator exceeds
   * `limits.perUserPerMinute`.
   */
  createStore(
    input: CreateStoreInput,
  ): Promise<{ store: Store; created: boolean }>;
  getStore(id: string, access?: StoreAccessFilter): Promise<Store | undefined>;
  listStores(options: ListStoresOptions): Promise<StoreList>;
  /** Stores matching `filter` per phase, every phase present (0 when none). */
  countStoresByPhase(filter: StoreFilter): Promise<Record<StorePhase, number>>;
  /**
   * Sets phase `deleting` and bumps the generation; appends an event.
   * Idempotent: a store already `deleting` is returned as it is.
   * Throws NotFoundError when the store is gone.
   */
  markDeleting(id: string, actor: string): Promise<Store>;
  /**
   * From `failed`: back to `provisioning`, clears the failure reason, bumps
   * the generation; appends an event. Throws ConflictError from any other
   * phase and NotFoundError when the store is gone.
   */
  markRetry(id: string, actor: string): Promise<Store>;
  /**
   * From `ready` or `degraded`: phase `suspended` (the reconciler scales the
   * workloads to zero and keeps the data), bumps the generation; appends an
   * event. A suspended store is returned as it is. Throws ConflictError from
   * any other phase and NotFoundError when the store is gone.
   */
  markSuspended(id: string, actor: string): Promise<Store>;
  /**
   * From `suspended`: back to `provisioning` (the reconciler scales up and
   * reports `ready`), bumps the generation; appends an event. Throws
   * ConflictError from any other phase and NotFoundError when it is gone.
   */
  markResumed(id: string, actor: string): Promise<Store>;

  /**
   * Changes display name, description and plan; a plan change bumps the
   * generation (a failed store goes back to provisioning, as on a retry) and
   * is refused with ConflictError when the row's plan is no longer
   * `expectedPlan`. `changed` lists what changed (empty: nothing written).
   * Throws ConflictError for a store being deleted, NotFoundError when gone.
   */
  updateStore(
    id: string,
    input: UpdateStoreInput,
  ): Promise<{ store: Store; changed: string[] }>;

  /** Ids of stores that are not yet deleted, for resyncs. */
  listLiveStoreIds(): Promise<string[]>;
  /** Live stores by phase and engine, for the fleet metrics. */
  countLiveStores(): Promise<FleetCount[]>;
  /**
   * Takes (or renews) the lease on a store for `holder` for `leaseMs`, by
   * the database's clock (replicas' clocks never decide expiry).
   * Returns the store when the lease is held by `holder` afterwards, undefined
   * when another holder's unexpired lease exists or the store is gone.
   */
  claimStore(
    id: string,
    holder: string,
    leaseMs: number,
  ): Promise<Store | undefined>;
  releaseStore(id: string, holder: string): Promise<void>;
  /**
   * Extends `holder`'s lease by `leaseMs` from the database's now, only while
   * it still holds it unexpired (a released or expired lease is not taken
   * back). False when the lease is lost.
   */
  renewLease(id: string, holder: string, leaseMs: number): Promise<boolean>;
  /**
   * Milliseconds until the store's current lease expires, by the database's
   * clock; 0 when no lease is held or it has expired. A replica that found
   * the store leased elsewhere tries again after this long.
   */
  leaseRemainingMs(id: string): Promise<number>;
  /** Releases every lease `holder` holds (at shutdown); returns how many. */
  releaseLeases(holder: string): Promise<number>;
  /**
   * Frees every lease that ran out by the database's clock (a crashed
   * holder's) and returns the ids of those live stores, for a replica to take
   * them over at once.
   */
  reapExpiredLeases(): Promise<string[]>;
  /**
   * Writes status only while `holder` holds an unexpired lease; returns the
   * new store. Throws ConflictError when the lease is lost. A store in
   * `deleting` or `suspended` stays there whatever `patch.phase` says, so a
   * pass that started before a delete or suspend request cannot undo it
   * (only the API moves a store out of these).
   */
  updateStatus(
    id: string,
    holder: string,
    patch: StoreStatusPatch,
  ): Promise<Store>;
  /**
   * Final step of deletion (lease required): the store is gone from every
   * listing and its name is free again. The row is kept for audit.
   */
  markDeleted(id: string, holder: string): Promise<void>;

  /**
   * Re-creates a missing store row from what the cluster says (see
   * RestoreStoreInput), in `provisioning`, with a `Restored` event. Returns
   * undefined, writing nothing, when a row with that id exists (also a
   * deleted one) or a live store has that name.
   */
  restoreStore(input: RestoreStoreInput): Promise<Store | undefined>;

  appendEvent(id: string, event: NewStoreEvent): Promise<void>;
  listEvents(
    id: string,
    options: { limit: number; cursor?: string },
  ): Promise<StoreEventList>;
}

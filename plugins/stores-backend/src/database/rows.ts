import type {
  BackupRef,
  Store,
  StoreCondition,
  StoreEvent,
  StoreOptions,
  StorePhase,
  StoreUrls,
} from '@internal/plugin-stores-common';

/** A row of `stores` (see migrations/20261123_init.js). */
export interface StoreRow {
  id: string;
  name: string;
  /** Equals `name` while live; NULL once deleted. */
  live_name: string | null;
  display_name: string;
  description: string | null;
  engine: string;
  plan: string;
  owner: string;
  created_by: string;
  namespace: string;
  /** JSON `{ options, restoredFrom? }`. */
  spec: string;
  phase: StorePhase | 'deleted';
  /** JSON list of {@link StoreCondition}. */
  conditions: string;
  /** JSON {@link StoreUrls}. */
  urls: string;
  failure_reason: string | null;
  generation: number;
  observed_generation: number;
  lease_holder: string | null;
  lease_expires_at: Date | string | number | null;
  idempotency_key: string | null;
  created_at: Date | string | number;
  updated_at: Date | string | number;
  deleted_at: Date | string | number | null;
}

/** Who and what a new (or re-created) store is, as the API names it. */
export interface NewStore {
  id: string;
  name: string;
  displayName?: string;
  description?: string;
  engine: string;
  plan: string;
  owner: string;
  options?: StoreOptions;
  /** The backup the store is bootstrapped from (source store id and backup name). */
  fromBackup?: BackupRef;
  createdBy: string;
  namespace: string;
  phase: StorePhase;
  idempotencyKey?: string;
  createdAt: Date;
  now: Date;
}

/**
 * The row of a store that is being created (or re-created): the caller gives
 * who and what it is, the rest is how every store starts (no conditions or
 * URLs yet, generation 1 not yet observed, no lease).
 */
export function newStoreRow(store: NewStore): StoreRow {
  return {
    id: store.id,
    name: store.name,
    live_name: store.name,
    display_name: store.displayName ?? store.name,
    description: store.description ?? null,
    engine: store.engine,
    plan: store.plan,
    owner: store.owner,
    created_by: store.createdBy,
    namespace: store.namespace,
    spec: JSON.stringify({
      options: store.options ?? {},
      ...(store.fromBackup ? { restoredFrom: store.fromBackup } : {}),
    }),
    phase: store.phase,
    conditions: '[]',
    urls: '{}',
    failure_reason: null,
    generation: 1,
    observed_generation: 0,
    lease_holder: null,
    lease_expires_at: null,
    idempotency_key: store.idempotencyKey ?? null,
    created_at: store.createdAt,
    updated_at: store.now,
    deleted_at: null,
  };
}

/** A row of `store_events`. */
export interface StoreEventRow {
  id: number | string;
  store_id: string;
  type: StoreEvent['type'];
  reason: string;
  message: string;
  created_at: Date | string | number;
}

/**
 * Timestamps come back as Date (PostgreSQL), as epoch milliseconds (SQLite,
 * where knex binds Dates as numbers) or as strings.
 */
export function toDate(value: Date | string | number): Date {
  if (value instanceof Date) {
    return value;
  }
  if (typeof value === 'number') {
    return new Date(value);
  }
  return /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
}

function parseJson<T>(value: string | object | null, fallback: T): T {
  if (value === null || value === undefined) {
    return fallback;
  }
  if (typeof value === 'object') {
    return value as T;
  }
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}

export function rowToStore(row: StoreRow): Store {
  const spec = parseJson<{ options?: StoreOptions; restoredFrom?: BackupRef }>(
    row.spec,
    {},
  );
  const store: Store = {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    engine: row.engine,
    plan: row.plan,
    owner: row.owner,
    createdBy: row.created_by,
    namespace: row.namespace,
    // A row marked deleted is never returned by reads; the reconciler only
    // sees it mid-deletion, so it reports it as still deleting.
    phase: row.phase === 'deleted' ? 'deleting' : row.phase,
    conditions: parseJson<StoreCondition[]>(row.conditions, []),
    urls: parseJson<StoreUrls>(row.urls, {}),
    options: spec.options ?? {},
    generation: Number(row.generation),
    observedGeneration: Number(row.observed_generation),
    createdAt: toDate(row.created_at).toISOString(),
    updatedAt: toDate(row.updated_at).toISOString(),
  };
  if (row.description) {
    store.description = row.description;
  }
  if (row.failure_reason) {
    store.failureReason = row.failure_reason;
  }
  if (spec.restoredFrom) {
    store.restoredFrom = spec.restoredFrom;
  }
  return store;
}

export function rowToStoreEvent(row: StoreEventRow): StoreEvent {
  return {
    id: Number(row.id),
    storeId: row.store_id,
    type: row.type,
    reason: row.reason,
    message: row.message,
    createdAt: toDate(row.created_at).toISOString(),
  };
}

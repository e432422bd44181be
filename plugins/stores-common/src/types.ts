/**
 * Lifecycle phase of a store. `deleted` rows are kept for audit but never
 * listed. `degraded`: the store has been ready and something no longer
 * holds (its conditions say what); it returns to `ready` by itself. Only
 * the provisioning of a new generation ends in `failed`.
 */
export const STORE_PHASES = [
  'pending',
  'provisioning',
  'ready',
  'degraded',
  'failed',
  'deleting',
] as const;
export type StorePhase = (typeof STORE_PHASES)[number];

export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** One stage of provisioning, in the shape of a Kubernetes status condition. */
export interface StoreCondition {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
  lastTransitionTime: string;
}

export interface StoreUrls {
  storefront?: string;
  admin?: string;
}

/** A store as the API returns it. Never carries a secret. */
export interface Store {
  id: string;
  /** DNS-1123 label; unique among live stores; the catalog entity's name. */
  name: string;
  displayName: string;
  description?: string;
  engine: string;
  plan: string;
  /** Entity ref of the owning user or group, e.g. `group:default/team-a`. */
  owner: string;
  createdBy: string;
  namespace: string;
  phase: StorePhase;
  conditions: StoreCondition[];
  urls: StoreUrls;
  /** Why the store failed (`failed`) or what no longer holds (`degraded`). */
  failureReason?: string;
  options: StoreOptions;
  generation: number;
  observedGeneration: number;
  createdAt: string;
  updatedAt: string;
}

/** Engine options a template may expose. */
export interface StoreOptions {
  /** Seed a sample product (default true). */
  sampleData?: boolean;
}

export interface StoreEvent {
  id: number;
  storeId: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  createdAt: string;
}

export interface StoreList {
  items: Store[];
  totalCount: number;
  /** Opaque cursor for the next page; absent on the last page. */
  nextCursor?: string;
}

export interface StoreEventList {
  items: StoreEvent[];
  nextCursor?: string;
}

/** What the backend publishes (signals and events service) on every change. */
export interface StoreChangedSignal {
  storeId: string;
  name: string;
  owner: string;
  phase: StorePhase | 'deleted';
  /** Types of the conditions that hold, to let listeners skip a refetch. */
  conditions: Array<Pick<StoreCondition, 'type' | 'status'>>;
}

/** One Kubernetes object an engine would apply; returned by dry runs. */
export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
}

export interface StoreDryRunResult {
  store: Pick<
    Store,
    'name' | 'displayName' | 'owner' | 'engine' | 'plan' | 'namespace' | 'urls'
  >;
  /** The objects the reconciler would apply; the Secret's data is redacted. */
  objects: RenderedObject[];
}

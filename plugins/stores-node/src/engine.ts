import type { AdminAccount } from './adminCredentials';
import type { BackupPlan, BackupSettings } from './backups';
import type {
  RenderedObject,
  Store,
  StoreUrls,
} from '@internal/plugin-stores-common';

/** The resources every store container requests and is limited to. */
export interface ContainerResources {
  cpu: string;
  memory: string;
  /** Writable layer, logs and emptyDir volumes together. */
  'ephemeral-storage': string;
}

/** Resource sizing of a plan, applied as the namespace's quota and limits. */
export interface StorePlan {
  name: string;
  /** ResourceQuota hard limits, e.g. `{ 'limits.cpu': '2', 'requests.storage': '10Gi' }`. */
  quota: Record<string, string>;
  /**
   * Requests and limits of every store container, rendered on each container
   * and as the namespace's LimitRange defaults (for pods that set none).
   */
  containerDefaults: {
    requests: ContainerResources;
    limits: ContainerResources;
  };
  /** Size of the database volume. */
  databaseStorage: string;
  /** Size of the WordPress content volume. */
  contentStorage: string;
  /** Schedule and retention of the store's backups (when `settings.backups` is set). */
  backup?: BackupPlan;
}

/** Cluster-wide settings an engine renders against (from `stores.*` config). */
export interface EngineSettings {
  /** Stores are served at `<name>.<baseDomain>`. */
  baseDomain: string;
  /** `http` or `https`, for the URLs the engine reports. */
  scheme: 'http' | 'https';
  ingressClassName?: string;
  /** Name of the TLS secret for the store ingress; TLS is off when unset. */
  tlsSecretName?: string;
  /** Storage class of the store volumes; the cluster's default when unset. */
  storageClassName?: string;
  /** Images by role, e.g. `{ wordpress: 'wordpress:6.8-apache' }`. */
  images: Record<string, string>;
  /**
   * IPv4 ranges a store's egress to the internet must never reach: the
   * cluster's pod and service ranges and other internal networks. Default:
   * DEFAULT_INTERNAL_CIDRS.
   */
  internalCidrs?: string[];
  /** Scheduled backups and their target; none when unset. */
  backups?: BackupSettings;
}

export interface EngineRenderContext {
  store: Store;
  namespace: string;
  plan: StorePlan;
  settings: EngineSettings;
  /**
   * The owner suspended the store: every workload renders with 0 replicas
   * and everything else (volumes, claims, Secrets, Jobs) as it is, so the
   * data is kept and a resume only scales back up.
   */
  suspended?: boolean;
}

/**
 * One stage of provisioning. The reconciler applies a stage's objects and
 * records its condition as True once every object is judged ready; later
 * stages are applied only when the earlier ones hold.
 */
export interface StoreStage {
  /** Condition type recorded for this stage, e.g. `DatabaseReady`. */
  condition: string;
  objects: RenderedObject[];
}

/**
 * A secret the reconciler creates once with random values and never
 * regenerates. Its values never leave the cluster.
 */
export interface GeneratedSecretSpec {
  name: string;
  /** Keys to fill with random values. */
  keys: string[];
  labels?: Record<string, string>;
}

export type ObjectReadiness =
  | { state: 'ready' }
  | { state: 'progressing'; message: string }
  | { state: 'failed'; reason: string; message: string };

/**
 * An engine knows how to run one kind of store (WooCommerce ships; another,
 * such as Medusa, plugs in as a backend module through
 * {@link storesEngineExtensionPoint}).
 */
export interface StoreEngine {
  /** Engine id as used in `POST /stores` (`engine`). */
  readonly id: string;
  /** The secret this engine needs generated before its workloads start. */
  secret(ctx: EngineRenderContext): GeneratedSecretSpec;
  /** Every object of the store, grouped into ordered stages. */
  stages(ctx: EngineRenderContext): StoreStage[];
  /**
   * Readiness of one live object of this engine, against the object as it
   * was rendered (`desired`): what the live object says it wants (its
   * replicas, for example) may be someone else's edit.
   */
  judge(observed: RenderedObject, desired: RenderedObject): ObjectReadiness;
  /** Public URLs of the store. */
  urls(ctx: EngineRenderContext): StoreUrls;
  /**
   * The application's admin sign-in: its user name, the generated Secret's
   * key of its password and the Job that rotates it. Absent: the engine has
   * no admin user the portal can hand out.
   */
  adminCredentials?: AdminAccount;
  /**
   * The engine renders backups when the portal configures them; `restorable`:
   * a new store can be bootstrapped from one. Absent: no backups.
   */
  backups?: { restorable: boolean };
}

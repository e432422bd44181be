import type { RolloutConfig } from './rollout/status';
import type { Store, StorePhase } from '@internal/plugin-stores-common';
import type { EngineSettings, StorePlan } from '@internal/plugin-stores-node';
import type { PlannedVolume } from './reconciler/volumes';

/**
 * The `stores:` configuration, read and defaulted once at start-up by
 * readStoresConfig (src/config.ts) and typed for users in config.d.ts.
 */
export interface StoresConfig {
  /**
   * This portal's name on the cluster: the `stores.backstage.io/instance`
   * label of every object it writes. Objects of another instance are never
   * touched, so two portals sharing a cluster need different ids.
   */
  instanceId: string;
  cluster: {
    /** Use the pod's service account (in-cluster config). */
    inCluster: boolean;
    /** Kubeconfig file; `KUBECONFIG` or ~/.kube/config when unset. */
    kubeconfigPath?: string;
    context?: string;
    /** Client-side rate limit towards the API server. */
    qps: number;
    burst: number;
    /** A request to the API server gives up after this long (seconds). */
    requestTimeoutSeconds?: number;
  };
  settings: EngineSettings;
  /**
   * Where the reconciler reads the Secret `settings.tlsSecretName` that it
   * copies into every store namespace; the client context's namespace when unset.
   */
  tlsSecretNamespace?: string;
  plans: Record<string, StorePlan>;
  defaultPlan: string;
  limits: {
    perOwner: number;
    total: number;
    /** Creates one user may make per minute (readStoresConfig always sets it). */
    createsPerUserPerMinute?: number;
  };
  reconciler: {
    enabled: boolean;
    concurrency: number;
    resyncIntervalSeconds: number;
    /** A store not ready this long after (re)provisioning started fails. */
    provisionTimeoutSeconds: number;
    /** A store namespace still terminating this long is reported as stuck. */
    namespaceDeletionTimeoutSeconds: number;
    /** A replica's lease on a store while a pass runs; renewed every quarter of it. */
    leaseSeconds: number;
    /** What to do with managed namespaces whose store is unknown or deleted. */
    orphans: 'report' | 'delete';
    /** An orphan is deleted only after it has been one this long (seconds). */
    orphanGracePeriodSeconds: number;
    /** Most orphans deleted by one scan. */
    orphanDeleteLimit: number;
    orphanScanIntervalSeconds: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
  };
  /** Gradual rollout of engine and config changes; DEFAULT_ROLLOUT when unset. */
  rollout?: RolloutConfig;
}

/** What changed about a store, as far as the portal's listeners care. */
export interface StoreChange {
  /** The store is gone (its delete finished). */
  deleted?: boolean;
  /** The phase before this change, when the change moved the phase. */
  previousPhase?: StorePhase;
}

/**
 * Tells the rest of the portal (signals, events service) that a store
 * changed, and its owner (notifications) when the phase moved.
 */
export interface StoreChangeNotifier {
  storeChanged(store: Store, change?: StoreChange): Promise<void>;
}

/** Checks that the cluster's API server answers, for the readiness route. */
export interface ClusterHealth {
  check(): Promise<void>;
}

/** Lets API writes wake the reconciler at once instead of waiting for a resync. */
export interface ReconcileTrigger {
  enqueue(storeId: string): void;
}

/** Checks against the cluster that a plan change can be carried out. */
export interface PlanChangeCheck {
  /**
   * Throws ConflictError, naming each one, when a live volume of the store
   * that `planned` (its volumes on the new plan) would grow cannot be
   * expanded (not bound, or its StorageClass does not allow expansion).
   */
  checkVolumeGrowth(store: Store, planned: PlannedVolume[]): Promise<void>;
}

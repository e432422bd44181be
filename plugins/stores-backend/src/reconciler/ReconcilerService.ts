import type {
  LifecycleService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import type { StoreEngine } from '@internal/plugin-stores-node';
import { ClusterStoreBackups } from '../backups/ClusterStoreBackups';
import { NoClusterBackups } from '../backups/notConfigured';
import type { StoreBackupsAdmin } from '../backups/types';
import { ClusterStoreCredentials } from '../credentials/ClusterStoreCredentials';
import { NoClusterCredentials } from '../credentials/notConfigured';
import type { StoreCredentialsAdmin } from '../credentials/types';
import type { StoresDatabase } from '../database/StoresDatabase';
import { KubernetesClient } from '../kubernetes/KubernetesClient';
import { KubernetesClusterHealth } from '../kubernetes/KubernetesClusterHealth';
import { StoresMetrics } from '../metrics/StoresMetrics';
import {
  NoReconcilerTrigger,
  NoVolumesToGrow,
  ReconcilerNotConfiguredHealth,
} from './notConfigured';
import type {
  ClusterHealth,
  PlanChangeCheck,
  ReconcileTrigger,
  StoreChangeNotifier,
  StoresConfig,
} from '../types';
import type { OrphanAdmin } from './OrphanNamespaces';
import { NO_QUOTA_USAGE, type QuotaUsageSource } from './quotaUsage';
import { Reconciler, replicaName } from './Reconciler';
import type { RolloutStatus } from '../rollout/status';
import { VolumeExpansionCheck } from './VolumeExpansionCheck';

/** Without a reconciler nothing is scanned: no cluster to look at. */
const NO_ORPHAN_SCANS: OrphanAdmin = {
  report: () => ({
    orphans: [],
    deleted: [],
    heldBack:
      'no reconciler runs in this backend (stores.reconciler.enabled: false)',
  }),
  restore: async () => ({
    restored: [],
    skipped: [
      {
        namespace: '*',
        reason:
          'no reconciler runs in this backend (stores.reconciler.enabled: false)',
      },
    ],
  }),
};

/** A readiness check, as the router's options take it. */
export interface HealthCheck {
  check(): Promise<void>;
}

/**
 * What the REST API asks of the reconciler's side: it wakes the reconciler
 * for a changed store (`enqueue`), reports its readiness and the cluster's,
 * and reads or acts on what only the cluster holds.
 */
export interface ReconcilerServices extends ReconcileTrigger {
  /** The API server answers (or: no reconciler is configured). */
  readonly clusterHealth: ClusterHealth;
  /** The reconciler runs: it is not waiting for the database at start-up. */
  readonly reconcilerHealth: HealthCheck;
  /** Orphaned store namespaces: the last scan, and the restore of their rows. */
  readonly orphans: OrphanAdmin;
  /** Stores' quota usage from the reconciler's watch cache. */
  readonly quotaUsage: QuotaUsageSource;
  /** What a plan change needs of the cluster (its volumes can grow). */
  readonly planChanges: PlanChangeCheck;
  /** Stores' admin credentials, read and rotated in the cluster. */
  readonly credentials: StoreCredentialsAdmin;
  /** Stores' backups: their Jobs in the cluster, and backups on demand. */
  readonly backups: StoreBackupsAdmin;
  /** The rollout of an engine or config change in this replica; none without a reconciler. */
  rolloutStatus(): RolloutStatus | undefined;
}

/**
 * The reconciler as the plugin runs it (plugin.ts only wires it in): built
 * from `stores:` config with its own Kubernetes client, started in the
 * background (the API serves while the watch caches fill and while an
 * unavailable database is retried), stopped at shutdown. With
 * `stores.reconciler.enabled: false` it stands in honestly: wake-ups are
 * dropped and readiness says no reconciler is configured.
 */
export class ReconcilerService implements ReconcilerServices {
  // Each member is documented on ReconcilerServices.
  readonly clusterHealth: ClusterHealth;
  readonly reconcilerHealth: HealthCheck;
  readonly orphans: OrphanAdmin;
  readonly planChanges: PlanChangeCheck;
  readonly credentials: StoreCredentialsAdmin;
  readonly backups: StoreBackupsAdmin;
  readonly #trigger: ReconcileTrigger;

  static async create(options: {
    config: StoresConfig;
    database: StoresDatabase & HealthCheck;
    engines: Map<string, StoreEngine>;
    notifier: StoreChangeNotifier;
    logger: LoggerService;
    scheduler: SchedulerService;
    lifecycle: LifecycleService;
    /** Backstage's metrics service; no metrics without it. */
    metrics?: MetricsService;
  }): Promise<ReconcilerService> {
    const { config, database, logger, lifecycle } = options;
    if (!config.reconciler.enabled) {
      return new ReconcilerService(
        new NoReconcilerTrigger(),
        new ReconcilerNotConfiguredHealth(),
        // Nothing to wait for: the cluster check already says no reconciler runs.
        { check: async () => {} },
        NO_ORPHAN_SCANS,
        new NoVolumesToGrow(),
        new NoClusterCredentials(),
        new NoClusterBackups(),
      );
    }
    // One name for this replica: its leases and its user agent in the audit log.
    const holder = replicaName();
    const metrics =
      options.metrics && StoresMetrics.create({ metrics: options.metrics });
    const kube = await KubernetesClient.create({
      cluster: config.cluster,
      logger,
      replica: holder,
      metrics,
    });
    const reconciler = Reconciler.create({
      ...options,
      kube,
      holder,
      metrics,
    });
    reconciler
      .start()
      .catch(error => logger.error('Stores reconciler failed to start', error));
    lifecycle.addShutdownHook(() => reconciler.stop());
    return new ReconcilerService(
      reconciler,
      KubernetesClusterHealth.create({ client: kube }),
      { check: () => reconciler.check() },
      {
        report: () => reconciler.orphanReport(),
        restore: by => reconciler.restoreOrphans(by),
      },
      VolumeExpansionCheck.create({ client: kube }),
      ClusterStoreCredentials.create({
        client: kube,
        engines: options.engines,
        config,
        database,
        logger,
      }),
      ClusterStoreBackups.create({ client: kube, config }),
    );
  }

  private constructor(
    trigger: ReconcileTrigger,
    clusterHealth: ClusterHealth,
    reconcilerHealth: HealthCheck,
    orphans: OrphanAdmin,
    planChanges: PlanChangeCheck,
    credentials: StoreCredentialsAdmin,
    backups: StoreBackupsAdmin,
  ) {
    this.credentials = credentials;
    this.backups = backups;
    this.planChanges = planChanges;
    this.orphans = orphans;
    this.#trigger = trigger;
    this.clusterHealth = clusterHealth;
    this.reconcilerHealth = reconcilerHealth;
  }

  enqueue(storeId: string): void {
    this.#trigger.enqueue(storeId);
  }

  rolloutStatus(): RolloutStatus | undefined {
    return this.#trigger instanceof Reconciler
      ? this.#trigger.rolloutStatus()
      : undefined;
  }

  // None without a reconciler: its watch cache is the source.
  get quotaUsage(): QuotaUsageSource {
    const reconciler = this.#trigger;
    return reconciler instanceof Reconciler
      ? { available: true, usageOf: ns => reconciler.quotaUsage(ns) }
      : NO_QUOTA_USAGE;
  }
}

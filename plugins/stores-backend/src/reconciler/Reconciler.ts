import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { StoreEngine } from '@internal/plugin-stores-node';
import type { StoresDatabase } from '../database/StoresDatabase';
import { describeKubernetesError } from '../kubernetes/errors';
import type { KubernetesClient } from '../kubernetes/KubernetesClient';
import { ManagedObjectCache } from '../kubernetes/ManagedObjectCache';
import {
  quantityParser,
  type QuotaResourceUsage,
  quotaUsageOf,
} from './quotaUsage';
import { meteredNotifier, timedPass } from '../metrics/reconcilerMetrics';
import type { StoresMetrics } from '../metrics/StoresMetrics';
import { RolloutGate } from '../rollout/RolloutGate';
import type { RolloutStatus } from '../rollout/status';
import { WatchedSecret } from '../kubernetes/WatchedSecret';
import type {
  ReconcileTrigger,
  StoreChangeNotifier,
  StoresConfig,
} from '../types';
import { DatabaseWait } from './DatabaseWait';
import { LeaseTakeover } from './LeaseTakeover';
import {
  OrphanNamespaces,
  type OrphanReport,
  type RestoreResult,
} from './OrphanNamespaces';
import { RecentlyDeleted } from './RecentlyDeleted';
import { StoreReconciler } from './StoreReconciler';
import { type Priority, WorkQueue } from './WorkQueue';

export interface ReconcilerOptions {
  config: StoresConfig;
  database: StoresDatabase;
  engines: Map<string, StoreEngine>;
  notifier: StoreChangeNotifier;
  logger: LoggerService;
  scheduler: SchedulerService;
  kube: KubernetesClient;
  /** Lease holder name; unique per process by default. */
  holder?: string;
  /** Pass durations, queue, failures, orphans, the fleet (docs/metrics.md). */
  metrics?: StoresMetrics;
}

/** A name unique to this process: `<hostname>:<pid>:<random>`. */
export function replicaName(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Level-triggered reconciler of stores. Work arrives as store ids from four
 * sources, most urgent first: API writes ({@link Reconciler.enqueue}) and
 * stores whose lease ran out (a crashed replica's, found by
 * {@link LeaseTakeover}); watches on every managed object (mapped to the
 * store id label); and a periodic resync through the Backstage scheduler.
 * A de-duplicating queue runs at most `reconciler.concurrency` stores at
 * once, never one store twice at once, takes urgent work first and keeps a
 * worker free of resyncs and slow passes for it, and retries failures with
 * capped exponential backoff. Leases in the database keep two backend
 * replicas off the same store.
 */
export class Reconciler implements ReconcileTrigger {
  readonly #options: ReconcilerOptions;
  readonly #logger: LoggerService;
  readonly #queue: WorkQueue;
  readonly #cache: ManagedObjectCache;
  readonly #tlsSource?: WatchedSecret;
  readonly #stores: StoreReconciler;
  readonly #databaseWait: DatabaseWait;
  readonly #orphans: OrphanNamespaces;
  readonly #takeover: LeaseTakeover;
  readonly #rollout: RolloutGate;
  readonly #stopping = new AbortController();
  readonly #holder: string;
  #started = false;
  #stopped = false;
  readonly #unsubscribe: Array<() => void> = [];

  static create(options: ReconcilerOptions): Reconciler {
    return new Reconciler(options);
  }

  private constructor(options: ReconcilerOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ component: 'stores-reconciler' });
    const holder = options.holder ?? replicaName();
    this.#holder = holder;
    this.#cache = ManagedObjectCache.create({
      client: options.kube,
      logger: this.#logger,
    });
    const { settings, tlsSecretNamespace } = options.config;
    if (settings.tlsSecretName) {
      this.#tlsSource = WatchedSecret.create({
        client: options.kube,
        logger: this.#logger,
        namespace: tlsSecretNamespace ?? options.kube.contextNamespace,
        name: settings.tlsSecretName,
      });
    }
    this.#rollout = RolloutGate.create({
      config: options.config.rollout,
      database: options.database,
      logger: this.#logger,
      metrics: options.metrics,
      wake: ids => ids.forEach(id => this.#enqueue(id, 'normal')),
    });
    this.#stores = StoreReconciler.create({
      rollout: this.#rollout,
      config: options.config,
      database: options.database,
      engines: options.engines,
      notifier: meteredNotifier(options.notifier, options.metrics),
      logger: this.#logger,
      client: options.kube,
      cache: this.#cache,
      holder,
      recentlyDeleted: RecentlyDeleted.create(),
      tlsSource: this.#tlsSource,
    });
    this.#orphans = OrphanNamespaces.create({
      config: options.config,
      database: options.database,
      cache: this.#cache,
      client: options.kube,
      logger: this.#logger,
      engines: options.engines,
    });
    const { reconciler } = options.config;
    this.#databaseWait = DatabaseWait.create({
      database: options.database,
      logger: this.#logger,
      backoffBaseMs: reconciler.backoffBaseMs,
      backoffMaxMs: reconciler.backoffMaxMs,
    });
    this.#takeover = LeaseTakeover.create({
      database: options.database,
      logger: this.#logger,
      leaseMs: reconciler.leaseSeconds * 1000,
      takeOver: storeId => this.#enqueue(storeId, 'urgent'),
    });
    this.#queue = WorkQueue.create({
      concurrency: reconciler.concurrency,
      backoffBaseMs: reconciler.backoffBaseMs,
      backoffMaxMs: reconciler.backoffMaxMs,
      process: (storeId, failures) =>
        timedPass(options.metrics, () =>
          this.#stores.reconcile(storeId, failures),
        ),
      onTake: (_, priority, waitedMs) =>
        options.metrics?.recordQueueWait(waitedMs / 1000, priority),
      onError: (storeId, error, retryInMs) =>
        this.#logger.warn(
          `Reconcile of store ${storeId} failed; retrying in ${retryInMs} ms`,
          {
            storeId,
            error: describeKubernetesError(error),
          },
        ),
    });
  }

  /**
   * Fills the watch cache, then reconciles every live store and keeps
   * watching. Resolves once the database has answered: until then the
   * first read is retried with backoff, and {@link Reconciler.check} fails.
   */
  async start(): Promise<void> {
    const { config, scheduler } = this.#options;
    if (!config.reconciler.enabled || this.#started) {
      return;
    }
    this.#started = true;
    this.#unsubscribe.push(
      this.#cache.onStoreChanged(id => this.#enqueue(id, 'normal')),
    );
    const { metrics, database } = this.#options;
    if (metrics) {
      this.#unsubscribe.push(
        metrics.observeFleet([...this.#options.engines.keys()], () =>
          database.countLiveStores(),
        ),
        metrics.observeQueueDepth(() => this.#queue.length),
        metrics.observeOrphans(() => this.#orphans.report().orphans.length),
        metrics.observeRollout(() => this.#rollout.status()),
      );
    }
    if (this.#tlsSource) {
      // A new certificate goes to every store.
      this.#unsubscribe.push(
        this.#tlsSource.onChange(() => void this.resync().catch(() => {})),
      );
    }
    // The TLS copies are the one Secret name known before any store is read;
    // generated Secrets' names are watched as passes meet them.
    const { tlsSecretName } = config.settings;
    await Promise.all([
      this.#cache.start({ secretNames: tlsSecretName ? [tlsSecretName] : [] }),
      this.#tlsSource?.start(),
    ]);
    await scheduler.scheduleTask({
      id: 'stores-reconciler-resync',
      frequency: { seconds: config.reconciler.resyncIntervalSeconds },
      timeout: {
        seconds: Math.max(60, config.reconciler.resyncIntervalSeconds),
      },
      // Every replica resyncs its own queue; leases sort out who works.
      scope: 'local',
      fn: () => this.resync(),
    });
    let ids: string[];
    try {
      ids = await this.#databaseWait.liveStoreIds(this.#stopping.signal);
    } catch (error) {
      if (this.#stopping.signal.aborted) {
        return; // stopped while waiting for the database
      }
      throw error;
    }
    this.#rollout.expect(ids);
    ids.forEach(id => this.#enqueue(id, 'resync'));
    this.#takeover.start();
    await scheduler.scheduleTask({
      id: 'stores-orphan-scan',
      frequency: { seconds: config.reconciler.orphanScanIntervalSeconds },
      timeout: { seconds: 120 },
      initialDelay: { seconds: 5 },
      scope: 'local',
      fn: () => this.scanOrphans().then(() => undefined),
    });
    this.#logger.info('Stores reconciler started', {
      concurrency: config.reconciler.concurrency,
      resyncIntervalSeconds: config.reconciler.resyncIntervalSeconds,
      storesAtStart: ids.length,
      tlsSecret: this.#tlsSource
        ? `${this.#tlsSource.namespace}/${this.#tlsSource.name}`
        : undefined,
    });
  }

  /** Readiness of the reconciler: fails while it waits for the database at start-up. */
  async check(): Promise<void> {
    await this.#databaseWait.check();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stopping.abort();
    this.#unsubscribe.splice(0).forEach(unsubscribe => unsubscribe());
    await this.#takeover.stop();
    await this.#queue.stop();
    // Every pass released its lease as it ended; this also frees one whose
    // release failed, so another replica need not wait for it to expire.
    await this.#options.database.releaseLeases(this.#holder).catch(error =>
      this.#logger.warn('Could not release the reconciler leases', {
        error: String(error),
      }),
    );
    await Promise.all([this.#cache.stop(), this.#tlsSource?.stop()]);
  }

  /** Reconciles the store soon: someone asked (an API write), so it goes ahead of resyncs and watch events. */
  enqueue(storeId: string): void {
    this.#enqueue(storeId, 'urgent');
  }

  #enqueue(storeId: string, priority: Priority): void {
    if (this.#started && !this.#stopped) {
      this.#queue.add(storeId, priority);
    }
  }

  /** Enqueues every live store (what the scheduled resync runs). */
  async resync(): Promise<void> {
    if (this.#stopped) {
      return;
    }
    const ids = await this.#options.database.listLiveStoreIds();
    ids.forEach(id => this.#enqueue(id, 'resync'));
  }

  /** True while every watch is listed and connected (passes wait otherwise). */
  isWatching(): boolean {
    return this.#cache.isSynced();
  }

  /** Looks for orphaned store namespaces now (what the scheduled scan runs). */
  async scanOrphans(): Promise<OrphanReport> {
    return this.#stopped ? this.#orphans.report() : this.#orphans.scan();
  }

  /** The last orphan scan's findings. */
  orphanReport(): OrphanReport {
    return this.#orphans.report();
  }

  /**
   * Re-creates the rows of orphaned stores from their namespaces' labels
   * and reconciles them at once; then scans again.
   */
  async restoreOrphans(restoredBy: string): Promise<RestoreResult> {
    const result = await this.#orphans.restore(restoredBy);
    result.restored.forEach(store => this.enqueue(store.id));
    await this.#orphans.scan();
    return result;
  }

  /**
   * The quota usage of a store namespace, from the watch cache's
   * ResourceQuota (the API server keeps its status current): no request.
   */
  async quotaUsage(
    namespace: string,
  ): Promise<QuotaResourceUsage[] | undefined> {
    return quotaUsageOf(
      this.#cache.list('v1', 'ResourceQuota', namespace),
      await quantityParser(),
    );
  }

  /** Where the rollout of an engine or config change stands (see RolloutGate). */
  rolloutStatus(): RolloutStatus {
    return this.#rollout.status();
  }

  /** The gate itself, for tests that follow the turns. */
  get rollout(): RolloutGate {
    return this.#rollout;
  }

  /** Resolves when no store is queued or being reconciled (delayed retries excluded). */
  whenIdle(): Promise<void> {
    return this.#queue.whenIdle();
  }
}

import type {
  MetricAttributes,
  MetricsService,
  MetricsServiceCounter,
  MetricsServiceHistogram,
  MetricsServiceObservable,
  MetricsServiceObservableCallback,
} from '@backstage/backend-plugin-api/alpha';
import { STORE_PHASES } from '@internal/plugin-stores-common';
import type { FleetCount } from '../database/fleetCounts';
import type { RolloutStatus } from '../rollout/status';

/** How a reconcile pass ended. */
export type PassOutcome = 'done' | 'requeued' | 'error';

/** Seconds: a pass is a few requests at rest, minutes at worst on a slow API server. */
const PASS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Seconds a key waited in the queue: none at rest, minutes when a resync floods it. */
const WAIT_BUCKETS = [0.001, 0.01, 0.1, 0.5, 1, 5, 15, 30, 60, 300, 900];

/**
 * The stores backend's instruments, on Backstage's metrics service (an
 * OpenTelemetry meter named after the plugin). Every metric, its labels and
 * what moves it is listed in docs/metrics.md; keep the two in step.
 *
 * Gauges that describe state (stores by phase, queue depth, orphans,
 * rollout) are observable: they are read when a scrape asks, from the
 * database or the reconciler, so they are right after a restart and across
 * replicas (the fleet gauge reads the shared database). Each `observe*`
 * returns the function that stops observing (a stopped reconciler must not
 * be read by the next scrape).
 */
export class StoresMetrics {
  readonly #fleet: MetricsServiceObservable;
  readonly #queueDepth: MetricsServiceObservable;
  readonly #orphans: MetricsServiceObservable;
  readonly #passDuration: MetricsServiceHistogram;
  readonly #queueWait: MetricsServiceHistogram;
  readonly #failures: MetricsServiceCounter;
  readonly #kubernetesRequests: MetricsServiceCounter;
  readonly #rolloutStores: MetricsServiceObservable;
  readonly #rolloutPaused: MetricsServiceObservable;
  readonly #rolloutPauses: MetricsServiceCounter;

  static create(options: { metrics: MetricsService }): StoresMetrics {
    return new StoresMetrics(options.metrics);
  }

  private constructor(metrics: MetricsService) {
    this.#fleet = metrics.createObservableGauge('stores.fleet.stores', {
      description: 'Live stores by phase and engine (from the database)',
    });
    this.#queueDepth = metrics.createObservableGauge(
      'stores.reconcile.queue.depth',
      {
        description:
          'Stores waiting for or in a reconcile pass in this replica (delayed retries excluded)',
      },
    );
    this.#orphans = metrics.createObservableGauge('stores.orphans', {
      description:
        'Managed namespaces of this portal whose store is unknown or deleted (last orphan scan)',
    });
    this.#passDuration = metrics.createHistogram(
      'stores.reconcile.pass.duration',
      {
        description: 'Duration of one reconcile pass of one store',
        unit: 's',
        advice: { explicitBucketBoundaries: PASS_BUCKETS },
      },
    );
    this.#queueWait = metrics.createHistogram('stores.reconcile.queue.wait', {
      description: 'Time a store waited in the queue before its pass started',
      unit: 's',
      advice: { explicitBucketBoundaries: WAIT_BUCKETS },
    });
    this.#failures = metrics.createCounter('stores.failures', {
      description:
        'Stores that moved to failed or degraded, by phase, reason and engine',
    });
    this.#kubernetesRequests = metrics.createCounter(
      'stores.kubernetes.requests',
      {
        description:
          'Requests of the stores backend to the Kubernetes API server, by verb and HTTP status',
      },
    );
    this.#rolloutStores = metrics.createObservableGauge(
      'stores.rollout.stores',
      {
        description:
          'Stores in the rollout of an engine or config change, by state (pending, in_progress, done, failed)',
      },
    );
    this.#rolloutPaused = metrics.createObservableGauge(
      'stores.rollout.paused',
      { description: '1 while the rollout is paused by failures, else 0' },
    );
    this.#rolloutPauses = metrics.createCounter('stores.rollout.pauses', {
      description: 'Times the rollout paused itself because stores failed',
    });
  }

  /** The rollout paused itself. */
  recordRolloutPause(): void {
    this.#rolloutPauses.add(1);
  }

  /** Observes the rollout's counts and whether it is paused on every scrape. */
  observeRollout(status: () => RolloutStatus): () => void {
    const stopStores = observe(this.#rolloutStores, result => {
      const now = status();
      result.observe(now.pending, { state: 'pending' });
      result.observe(now.inProgress, { state: 'in_progress' });
      result.observe(now.done, { state: 'done' });
      result.observe(now.failed, { state: 'failed' });
    });
    const stopPaused = observe(this.#rolloutPaused, result =>
      result.observe(status().state === 'paused' ? 1 : 0),
    );
    return () => {
      stopStores();
      stopPaused();
    };
  }

  /** One reconcile pass ended. */
  recordPass(seconds: number, outcome: PassOutcome): void {
    this.#passDuration.record(seconds, { outcome });
  }

  /** A store left the queue for a pass after waiting `seconds`. */
  recordQueueWait(seconds: number, priority: string): void {
    this.#queueWait.record(seconds, { priority });
  }

  /** A store moved to `failed` or `degraded`; `failureReason` is "Reason: message". */
  recordFailure(options: {
    phase: 'failed' | 'degraded';
    engine: string;
    failureReason?: string | null;
  }): void {
    this.#failures.add(1, {
      phase: options.phase,
      engine: options.engine,
      reason: reasonOf(options.failureReason),
    });
  }

  /** One request to the API server ended; `code` is its HTTP status, or `timeout` / `error`. */
  recordKubernetesRequest(verb: string, code: string): void {
    this.#kubernetesRequests.add(1, { verb, code });
  }

  /**
   * Observes the live stores by phase and engine on every scrape. Every
   * phase of every installed engine is reported, 0 included: the exporter
   * keeps a series' last value when a scrape does not observe it, so a
   * phase that empties must say 0 (and alerts see the series exist).
   */
  observeFleet(
    engines: readonly string[],
    count: () => Promise<FleetCount[]>,
  ): () => void {
    return observe(this.#fleet, async result => {
      const counts = new Map<string, number>();
      for (const row of await count()) {
        const key = `${row.phase}/${row.engine}`;
        counts.set(key, (counts.get(key) ?? 0) + row.count);
      }
      const known = new Set([
        ...engines,
        ...[...counts.keys()].map(key => key.split('/')[1]),
      ]);
      for (const engine of known) {
        for (const phase of STORE_PHASES) {
          result.observe(counts.get(`${phase}/${engine}`) ?? 0, {
            phase,
            engine,
          });
        }
      }
    });
  }

  /** Observes this replica's queue length on every scrape. */
  observeQueueDepth(length: () => number): () => void {
    return observe(this.#queueDepth, result => result.observe(length()));
  }

  /** Observes the number of orphaned namespaces the last scan found. */
  observeOrphans(count: () => number): () => void {
    return observe(this.#orphans, result => result.observe(count()));
  }
}

/**
 * The reason part of a failure reason ("Timeout: not ready after ..."):
 * reasons are CamelCase words from a short list, messages are free text
 * that would give every failure its own series.
 */
export function reasonOf(failureReason?: string | null): string {
  const reason = failureReason?.split(':')[0]?.trim();
  return reason && /^[A-Za-z][A-Za-z0-9]{0,62}$/.test(reason)
    ? reason
    : 'Unknown';
}

function observe<T extends MetricAttributes>(
  instrument: MetricsServiceObservable<T>,
  callback: MetricsServiceObservableCallback<T>,
): () => void {
  instrument.addCallback(callback);
  return () => instrument.removeCallback(callback);
}

import { performance } from 'node:perf_hooks';
import type { StoreChangeNotifier } from '../types';
import type { WorkResult } from '../reconciler/WorkQueue';
import type { StoresMetrics } from './StoresMetrics';

/** Runs one pass and records its duration and how it ended. */
export async function timedPass(
  metrics: StoresMetrics | undefined,
  pass: () => Promise<WorkResult | void>,
): Promise<WorkResult | void> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const result = await pass();
    metrics?.recordPass(
      seconds(),
      result?.requeueAfterMs === undefined ? 'done' : 'requeued',
    );
    return result;
  } catch (error) {
    metrics?.recordPass(seconds(), 'error');
    throw error;
  }
}

/**
 * The reconciler's notifier, also counting stores that moved to `failed`
 * or `degraded`: the notifier hears of every phase change the reconciler
 * writes (with the phase before), so no status code needs a metrics hook.
 */
export function meteredNotifier(
  notifier: StoreChangeNotifier,
  metrics: StoresMetrics | undefined,
): StoreChangeNotifier {
  if (!metrics) {
    return notifier;
  }
  return {
    async storeChanged(store, change) {
      const moved =
        change?.previousPhase !== undefined &&
        change.previousPhase !== store.phase;
      if (moved && (store.phase === 'failed' || store.phase === 'degraded')) {
        metrics.recordFailure({
          phase: store.phase,
          engine: store.engine,
          failureReason: store.failureReason,
        });
      }
      await notifier.storeChanged(store, change);
    },
  };
}

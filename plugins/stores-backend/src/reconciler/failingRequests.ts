import { RECONCILED_CONDITION } from '@internal/plugin-stores-common';
import { describeKubernetesError } from '../kubernetes/errors';
import { mergeConditions, provisioningStartedAt } from './conditions';
import type { ReconcileDeps } from './reconcileDeps';
import type { ReconcilePass } from './ReconcilePass';
import { failStore, isEstablished, writeStatus } from './status';

/** Failed passes in a row before the store says so: one blip is not news. */
export const REPORT_AFTER_FAILURES = 3;

/**
 * A pass that fails on a request (an admission webhook that does not
 * answer, a full Service range, a quota that never frees) writes no status,
 * so without this a store would stay `provisioning` with only log lines.
 * From the third failure in a row the store gets a `Reconciled` False
 * condition with the error (a Warning event when it first appears); the
 * next pass that gets through drops it with the rest of its status. A store
 * that has not been ready yet still fails at its provisioning timeout, as
 * it would waiting on a stage. Answers `failed` when it failed the store
 * (nothing left to retry), else `retry`. Writing the status can fail too
 * (the database is what fails): then the queue's retry is all there is.
 */
export async function reportFailingRequests(
  deps: ReconcileDeps,
  pass: ReconcilePass,
  error: unknown,
  failures: number,
): Promise<'failed' | 'retry'> {
  if (failures < REPORT_AFTER_FAILURES) return 'retry';
  const store = pass.store;
  // No count in the message: the row is written again only when the error
  // itself changes, not on every retry.
  const message = `Requests to the cluster keep failing: ${describeKubernetesError(
    error,
  )}`;
  const now = new Date();
  const others = store.conditions.filter(c => c.type !== RECONCILED_CONDITION);
  const merged = mergeConditions(
    store.conditions,
    [
      ...others,
      {
        type: RECONCILED_CONDITION,
        status: 'False',
        reason: 'RequestsFailing',
        message,
      },
    ],
    now.toISOString(),
  );
  try {
    const provisioning = ['pending', 'provisioning'].includes(store.phase);
    // The clocks are this generation's once a pass got through it, or when
    // there never was one (a new store: its only condition is this one). A
    // retry that fails before its first full pass has the last attempt's
    // times: no timeout then, the condition only.
    const observed = store.observedGeneration >= store.generation;
    const clocksHold = observed || store.observedGeneration === 0;
    if (provisioning && clocksHold && !isEstablished(store)) {
      const timeoutSeconds = deps.config.reconciler.provisionTimeoutSeconds;
      const started = provisioningStartedAt(merged.conditions) ?? now.getTime();
      if (now.getTime() - started >= timeoutSeconds * 1000) {
        await failStore(
          deps,
          pass,
          'Timeout',
          `not ready after ${timeoutSeconds} s; ${message}`,
        );
        return 'failed';
      }
    }
    const first = !store.conditions.some(c => c.type === RECONCILED_CONDITION);
    await writeStatus(deps, pass, {
      // Work on it has begun, even though no pass got through yet.
      phase: store.phase === 'pending' ? 'provisioning' : store.phase,
      conditions: merged.conditions,
      transitions: merged.transitions,
      failureReason: store.failureReason ?? null,
      urls: store.urls,
      // This pass did not get through: its generation is not observed yet.
      keepObservedGeneration: true,
      events: first
        ? [{ type: 'Warning', reason: 'RequestsFailing', message }]
        : [],
    });
  } catch (writeError) {
    deps.logger.warn('Could not record the failing requests on the store', {
      storeId: store.id,
      error: describeKubernetesError(writeError),
    });
  }
  return 'retry';
}

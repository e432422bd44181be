import type {
  Store,
  StoreCondition,
  StorePhase,
  StoreUrls,
} from '@internal/plugin-stores-common';
import type {
  NewStoreEvent,
  StoreStatusPatch,
} from '../database/StoresDatabase';
import type { StoreChange, StoresConfig } from '../types';
import {
  mergeConditions,
  provisioningStartedAt,
  sameConditions,
} from './conditions';
import type { DesiredState } from './desiredState';
import type { ReconcileDeps } from './reconcileDeps';
import type { ReconcilePass } from './ReconcilePass';
import type { StagesOutcome } from './stages';

/** Condition of a suspended store: True once its workloads are at zero. */
export const SUSPENDED_CONDITION = 'Suspended';

/** What a pass wants the row to say, and the events that go with it. */
export interface NextStatus {
  phase: StorePhase;
  conditions: StoreCondition[];
  /** Conditions whose status changed: one event each. */
  transitions: StoreCondition[];
  failureReason: string | null;
  urls: StoreUrls;
  events: NewStoreEvent[];
  /** The pass did not get through its generation: observedGeneration stays. */
  keepObservedGeneration?: boolean;
}

/**
 * The status after the stages. While a generation is being provisioned:
 * `ready` when every stage holds, `failed` on a failed object or when
 * provisioning has taken longer than `provisionTimeoutSeconds` since the
 * oldest condition that does not hold changed, else `provisioning` (with a
 * pass due at the deadline). Once the store has been ready (`established`)
 * it is `ready` or `degraded` (the first failing condition is the reason),
 * and never fails because of time: it comes back by itself.
 */
export function provisioningStatus(options: {
  config: StoresConfig;
  store: Store;
  desired: DesiredState;
  previous: StoreCondition[];
  stages: StagesOutcome;
  events: NewStoreEvent[];
  now: Date;
  established: boolean;
}): { status: NextStatus; requeueAfterMs?: number } {
  const { config, store, desired, stages, now } = options;
  if (store.phase === 'suspended') {
    return suspendedStatus(options);
  }
  const merged = mergeConditions(
    options.previous,
    stages.conditions,
    now.toISOString(),
  );
  let requeueAfterMs = stages.requeueAfterMs;
  let phase: StorePhase = stages.blockedBy ? 'provisioning' : 'ready';
  let failureReason: string | null = null;
  if (options.established) {
    const failing = merged.conditions.find(c => c.status !== 'True');
    phase = failing ? 'degraded' : 'ready';
    failureReason = failing ? `${failing.reason}: ${failing.message}` : null;
  } else if (stages.failure) {
    phase = 'failed';
    failureReason = `${stages.failure.reason}: ${stages.failure.message}`;
  }
  if (phase === 'provisioning') {
    const timeoutSeconds = config.reconciler.provisionTimeoutSeconds;
    const started = provisioningStartedAt(merged.conditions) ?? now.getTime();
    const deadline = started + timeoutSeconds * 1000;
    if (now.getTime() >= deadline) {
      const waiting = merged.conditions.find(c => c.status !== 'True');
      phase = 'failed';
      failureReason = `Timeout: not ready after ${timeoutSeconds} s; ${waiting?.type}: ${waiting?.message}`;
    } else {
      requeueAfterMs = Math.min(
        requeueAfterMs ?? Infinity,
        deadline - now.getTime() + 100,
      );
    }
  }
  return {
    status: {
      phase,
      conditions: merged.conditions,
      transitions: merged.transitions,
      failureReason,
      urls:
        phase === 'ready' ? desired.engine.urls(desired.render) : store.urls,
      events: options.events,
    },
    requeueAfterMs,
  };
}

/**
 * A suspended store stays `suspended` (only the API moves it out): its
 * stages, rendered with 0 replicas, are reported as they are, plus the
 * `Suspended` condition, True once every stage holds (no pod left). A stage
 * that fails is its reason; time never fails it.
 */
function suspendedStatus(options: {
  store: Store;
  previous: StoreCondition[];
  stages: StagesOutcome;
  events: NewStoreEvent[];
  now: Date;
}): { status: NextStatus; requeueAfterMs?: number } {
  const { store, stages } = options;
  const waiting = stages.conditions.find(c => c.status !== 'True');
  const suspended = waiting
    ? {
        type: SUSPENDED_CONDITION,
        status: 'False' as const,
        reason: 'ScalingDown',
        message: `${waiting.type}: ${waiting.message}`,
      }
    : {
        type: SUSPENDED_CONDITION,
        status: 'True' as const,
        reason: 'ScaledDown',
        message: 'Every workload is scaled to zero; the data is kept',
      };
  const merged = mergeConditions(
    options.previous,
    [...stages.conditions, suspended],
    options.now.toISOString(),
  );
  return {
    status: {
      phase: 'suspended',
      conditions: merged.conditions,
      transitions: merged.transitions,
      failureReason: stages.failure
        ? `${stages.failure.reason}: ${stages.failure.message}`
        : null,
      urls: store.urls,
      events: options.events,
    },
    requeueAfterMs: stages.requeueAfterMs,
  };
}

/**
 * A store that has been ready in its current generation: it degrades, it
 * does not fail. A suspended store (suspended from ready or degraded) is
 * kept the same way: every stage on its own, so all workloads scale down
 * together.
 */
export function isEstablished(store: Store): boolean {
  if (store.phase === 'suspended') {
    return true;
  }
  return (
    (store.phase === 'ready' || store.phase === 'degraded') &&
    store.observedGeneration >= store.generation
  );
}

/** Fails the store for a reason retrying cannot fix; conditions stay as they were. */
export async function failStore(
  deps: ReconcileDeps,
  pass: ReconcilePass,
  reason: string,
  message: string,
) {
  await writeStatus(deps, pass, {
    phase: 'failed',
    conditions: pass.store.conditions,
    transitions: [],
    failureReason: `${reason}: ${message}`,
    urls: pass.store.urls,
    events: [],
  });
}

/**
 * Writes status and events only when something changed, then notifies.
 * Events: the `Provisioning` phase event first, then one per condition
 * transition, then any other phase event (`Ready`, `Failed`) last.
 */
export async function writeStatus(
  deps: ReconcileDeps,
  pass: ReconcilePass,
  next: NextStatus,
) {
  const store = pass.store;
  const patch = statusPatch(store, next);
  if (Object.keys(patch).length === 0 && next.events.length === 0) {
    return;
  }
  await pass.claim();
  const events = [...next.events];
  const phaseEvent = patch.phase
    ? phaseChangeEvent(patch.phase, next.failureReason)
    : undefined;
  if (phaseEvent && patch.phase === 'provisioning') events.push(phaseEvent);
  for (const condition of next.transitions) {
    events.push({
      type: condition.status === 'True' ? 'Normal' : 'Warning',
      reason: condition.type,
      message: `${condition.type} is ${condition.status}: ${condition.message}`,
    });
  }
  if (phaseEvent && patch.phase !== 'provisioning') events.push(phaseEvent);
  const updated = Object.keys(patch).length
    ? await deps.database.updateStatus(store.id, deps.holder, patch)
    : store;
  for (const event of events) {
    await deps.database.appendEvent(store.id, event);
  }
  if (patch.phase || patch.conditions) {
    await notifyChange(
      deps,
      updated,
      patch.phase ? { previousPhase: store.phase } : undefined,
    );
  }
  if (patch.phase) {
    deps.logger.info(`Store ${store.name} is ${patch.phase}`, {
      storeId: store.id,
      reason: next.failureReason ?? undefined,
    });
  }
}

function statusPatch(store: Store, next: NextStatus): StoreStatusPatch {
  const patch: StoreStatusPatch = {};
  if (next.phase !== store.phase) {
    patch.phase = next.phase;
  }
  if (!sameConditions(next.conditions, store.conditions)) {
    patch.conditions = next.conditions;
  }
  if (
    (next.failureReason ?? undefined) !== (store.failureReason ?? undefined)
  ) {
    patch.failureReason = next.failureReason;
  }
  if (JSON.stringify(next.urls) !== JSON.stringify(store.urls)) {
    patch.urls = next.urls;
  }
  if (
    !next.keepObservedGeneration &&
    store.observedGeneration !== store.generation
  ) {
    patch.observedGeneration = store.generation;
  }
  return patch;
}

/** Tells the portal (signals, events) that a store changed; a failure is logged, never fatal. */
export async function notifyChange(
  deps: Pick<ReconcileDeps, 'notifier' | 'logger'>,
  store: Store,
  change?: StoreChange,
) {
  try {
    await deps.notifier.storeChanged(store, change);
  } catch (error) {
    deps.logger.warn(`Could not publish the change of store ${store.name}`, {
      error: String(error),
    });
  }
}

function phaseChangeEvent(
  phase: StorePhase,
  failureReason: string | null,
): NewStoreEvent {
  switch (phase) {
    case 'ready':
      return {
        type: 'Normal',
        reason: 'Ready',
        message: 'Every stage holds; the store is ready',
      };
    case 'failed':
      return {
        type: 'Warning',
        reason: 'Failed',
        message: failureReason ?? 'Provisioning failed',
      };
    case 'provisioning':
      return {
        type: 'Normal',
        reason: 'Provisioning',
        message: 'Provisioning the store',
      };
    case 'degraded':
      return {
        type: 'Warning',
        reason: 'Degraded',
        message: `The store no longer holds; ${
          failureReason ?? 'a condition does not hold'
        }`,
      };
    default:
      return {
        type: 'Normal',
        reason: 'PhaseChanged',
        message: `Phase is ${phase}`,
      };
  }
}

import { ConflictError } from '@backstage/errors';
import type { Store, StorePhase } from '@internal/plugin-stores-common';
import type { KnexContext } from './KnexContext';
import { requestChange } from './storeRequests';

/*
 * Suspend and resume: the phase is the owner's wish, as `deleting` is. The
 * API sets `suspended` (the reconciler renders every workload with 0
 * replicas and never moves the store out of it) or, on resume,
 * `provisioning` (the reconciler scales back up and reports `ready`).
 */

/** Phases a store can be suspended from: it has been provisioned. */
const SUSPENDABLE: readonly StorePhase[] = ['ready', 'degraded'];

/**
 * Why a store in `phase` cannot be suspended (undefined: it can, or it is
 * suspended already, which is answered as it is).
 */
export function suspendConflict(store: {
  name: string;
  phase: StorePhase | 'deleted';
}): string | undefined {
  const { name, phase } = store;
  if (phase === 'suspended' || SUSPENDABLE.includes(phase as StorePhase)) {
    return undefined;
  }
  const why: Partial<Record<StorePhase | 'deleted', string>> = {
    pending: 'it is still being provisioned; suspend it once it is ready',
    provisioning: 'it is still being provisioned; suspend it once it is ready',
    failed: 'it failed; retry it or delete it',
    deleting: 'it is being deleted',
  };
  return `Store "${name}" cannot be suspended: ${
    why[phase] ?? `it is ${phase}`
  }`;
}

/** Why a store in `phase` cannot be resumed (undefined: it is suspended). */
export function resumeConflict(store: {
  name: string;
  phase: StorePhase | 'deleted';
}): string | undefined {
  return store.phase === 'suspended'
    ? undefined
    : `Only a suspended store can be resumed; store "${store.name}" is ${store.phase}`;
}

export async function markSuspended(
  ctx: KnexContext,
  id: string,
  actor: string,
): Promise<Store> {
  return requestChange(ctx, id, row => {
    const conflict = suspendConflict(row);
    if (conflict) {
      throw new ConflictError(conflict);
    }
    if (row.phase === 'suspended') {
      return undefined;
    }
    return {
      update: { phase: 'suspended', failure_reason: null },
      event: {
        type: 'Normal',
        reason: 'SuspendRequested',
        message: `Suspend requested by ${actor}: workloads scale to zero, data is kept`,
      },
    };
  });
}

export async function markResumed(
  ctx: KnexContext,
  id: string,
  actor: string,
): Promise<Store> {
  return requestChange(ctx, id, row => {
    const conflict = resumeConflict(row);
    if (conflict) {
      throw new ConflictError(conflict);
    }
    return {
      update: { phase: 'provisioning', failure_reason: null },
      event: {
        type: 'Normal',
        reason: 'ResumeRequested',
        message: `Resume requested by ${actor}`,
      },
    };
  });
}

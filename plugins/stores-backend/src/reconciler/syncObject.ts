import { withAppliedHash } from '../kubernetes/appliedHash';
import { driftOf, hasDrift } from '../kubernetes/drift';
import {
  describeKubernetesError,
  isAlreadyExists,
  isPermanent,
  isQuotaExceeded,
} from '../kubernetes/errors';
import type { KubeObject } from '../kubernetes/KubernetesClient';
import { redact } from '../kubernetes/ManagedObjectCache';
import { describeForeign, Owner, ownershipOf } from '../kubernetes/ownership';
import { PermanentFailure, ReconcileDeps } from './reconcileDeps';
import {
  claimTemplatesChanged,
  recreateStatefulSet,
} from './statefulSetClaims';

/** What one object needed, and the live object to judge. */
export interface SyncedObject {
  live: KubeObject;
  /** Absent from the cluster: created now. */
  created: boolean;
  /** Fields someone else changed or removed, now applied again. */
  repaired: string[];
}

/** One object's write, decided from the watch cache alone. */
export type SyncPlan =
  | { action: 'none'; live: KubeObject }
  | { action: 'create' }
  | { action: 'apply'; repaired: string[] }
  /** A StatefulSet whose claim templates changed (statefulSetClaims.ts). */
  | { action: 'recreate'; live: KubeObject };

/**
 * What an object needs, with no request: absent → create; present but not
 * ours → `NameTaken` (never modified); ours (or written before instance ids
 * existed) → apply when it drifted (someone else changed a field we set, or
 * the desired object changed), else nothing. Jobs are never applied again
 * (their template is immutable; a failed one is deleted and re-created).
 */
export function planSync(
  desired: KubeObject,
  cached: KubeObject | undefined,
  owner: Owner,
): SyncPlan {
  if (!cached) {
    return { action: 'create' };
  }
  assertOwned(cached, owner);
  if (desired.kind === 'Job') {
    return { action: 'none', live: cached };
  }
  if (claimTemplatesChanged(desired, cached)) {
    return { action: 'recreate', live: cached };
  }
  const drift = driftOf(withAppliedHash(desired), cached);
  if (!hasDrift(drift)) {
    return { action: 'none', live: cached };
  }
  // A change on our side (new config, adoption of an old object) is an
  // update, not a repair: the fields it adds are not owned yet by design.
  return {
    action: 'apply',
    repaired: drift.desiredChanged ? [] : drift.fields,
  };
}

/**
 * Carries out a plan. A create that conflicts (the cache had not seen the
 * object, or it is not labelled as ours and so not watched) reads the
 * object once and checks its owner before doing anything else with it.
 */
export async function syncObject(
  deps: Pick<ReconcileDeps, 'client' | 'cache' | 'recentlyDeleted'>,
  desired: KubeObject,
  plan: SyncPlan,
  owner: Owner,
): Promise<SyncedObject> {
  if (plan.action === 'none') {
    return { live: plan.live, created: false, repaired: [] };
  }
  if (plan.action === 'recreate') {
    return recreateStatefulSet(deps, desired, plan.live, owner);
  }
  if (plan.action === 'apply') {
    return {
      live: await applyObject(deps, desired),
      created: false,
      repaired: plan.repaired,
    };
  }
  try {
    const live = await permanentOnInvalid(desired, () =>
      deps.client.create(withAppliedHash(desired)),
    );
    redact(live);
    return { live, created: true, repaired: [] };
  } catch (error) {
    if (!isAlreadyExists(error)) {
      throw error;
    }
  }
  const existing = await deps.client.read(desired);
  if (!existing) {
    throw new Error(
      `${desired.kind} ${desired.metadata.name} conflicted on create and is gone now; trying again`,
    );
  }
  redact(existing);
  return syncObject(deps, desired, planSync(desired, existing, owner), owner);
}

/** Throws `NameTaken` for an object this store and portal instance do not own. */
export function assertOwned(live: KubeObject, owner: Owner) {
  if (ownershipOf(live, owner) === 'foreign') {
    throw new PermanentFailure('NameTaken', describeForeign(live));
  }
}

/** Server-side apply with the hash annotation; Secret values never stay in memory. */
async function applyObject(
  deps: Pick<ReconcileDeps, 'client'>,
  desired: KubeObject,
): Promise<KubeObject> {
  const live = await permanentOnInvalid(desired, () =>
    deps.client.apply(withAppliedHash(desired)),
  );
  redact(live);
  return live;
}

async function permanentOnInvalid(
  desired: KubeObject,
  request: () => Promise<KubeObject>,
): Promise<KubeObject> {
  try {
    return await request();
  } catch (error) {
    // A quota refusal can be the API server's quota cache lagging behind
    // the plan's new quota written in the wave before: tried again.
    if (isPermanent(error) && !isQuotaExceeded(error)) {
      throw new PermanentFailure(
        'InvalidObject',
        `The API server rejected ${desired.kind} ${
          desired.metadata.name
        }: ${describeKubernetesError(error)}`,
      );
    }
    throw error;
  }
}

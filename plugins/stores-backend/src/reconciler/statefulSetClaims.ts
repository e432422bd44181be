import {
  describeKubernetesError,
  isPermanent,
  isQuotaExceeded,
} from '../kubernetes/errors';
import type { KubeObject } from '../kubernetes/KubernetesClient';
import { type Owner, ownershipOf } from '../kubernetes/ownership';
import { PermanentFailure, type ReconcileDeps } from './reconcileDeps';
import type { SyncedObject } from './syncObject';
import {
  compareQuantities,
  isClaimOf,
  type PlannedVolume,
  requestedStorage,
} from './volumes';

/*
 * A StatefulSet's volumeClaimTemplates cannot be updated: the API server
 * rejects any change to them. When a plan changes their size, the set's
 * claims are expanded in place, then the set is deleted with propagation
 * `Orphan` (its pods and claims stay) and created again with the new
 * templates by a later pass, which adopts the running pod and the claims.
 * This is the usual way (kubectl delete --cascade=orphan, then apply).
 */

/** The templates' claims of a StatefulSet, with the sizes they ask for. */
function templateVolumes(set: KubeObject): PlannedVolume[] {
  const spec = (set.spec ?? {}) as Record<string, any>;
  return ((spec.volumeClaimTemplates ?? []) as KubeObject[]).map(template => ({
    name: `${template.metadata.name}-${set.metadata.name}`,
    statefulSet: set.metadata.name,
    size: requestedStorage(template.spec as Record<string, any>),
  }));
}

/**
 * True when the desired StatefulSet's claim templates differ from the live
 * one's in names or sizes: an apply would be rejected.
 */
export function claimTemplatesChanged(
  desired: KubeObject,
  live: KubeObject,
): boolean {
  if (desired.kind !== 'StatefulSet') {
    return false;
  }
  const wanted = templateVolumes(desired);
  const current = templateVolumes(live);
  return (
    wanted.length !== current.length ||
    wanted.some(volume => {
      const now = current.find(c => c.name === volume.name);
      return !now || compareQuantities(volume.size, now.size) !== 0;
    })
  );
}

/**
 * Grows the set's claims that are smaller than the desired templates, then
 * deletes the set orphaning its pods and claims. The set is reported as
 * being re-created (no replica ready yet), so the store is not judged ready
 * on the old set; the next pass waits for it to go and creates it again.
 */
export async function recreateStatefulSet(
  deps: Pick<ReconcileDeps, 'client' | 'cache' | 'recentlyDeleted'>,
  desired: KubeObject,
  live: KubeObject,
  owner: Owner,
): Promise<SyncedObject> {
  const namespace = live.metadata.namespace;
  const claims = deps.cache.list('v1', 'PersistentVolumeClaim', namespace);
  for (const volume of templateVolumes(desired)) {
    for (const claim of claims) {
      if (
        !isClaimOf(volume, claim.metadata.name) ||
        ownershipOf(claim, owner) === 'foreign' ||
        compareQuantities(
          volume.size,
          requestedStorage(claim.spec as Record<string, any>),
        ) <= 0
      ) {
        continue;
      }
      await expandClaim(deps, claim, volume.size);
    }
  }
  await deps.client.delete(live, 'Orphan');
  deps.recentlyDeleted.add(live.metadata.uid!);
  return {
    live: { ...desired, status: {} },
    created: false,
    repaired: [],
  };
}

/** Asks for the larger size; the storage driver grows the volume. */
async function expandClaim(
  deps: Pick<ReconcileDeps, 'client'>,
  claim: KubeObject,
  size: string,
): Promise<void> {
  try {
    await deps.client.apply({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claim.metadata.name,
        namespace: claim.metadata.namespace,
      },
      spec: { resources: { requests: { storage: size } } },
    });
  } catch (error) {
    // The quota was raised earlier in this pass; the API server's quota
    // cache may not show it yet: the queue's backoff tries again.
    if (isPermanent(error) && !isQuotaExceeded(error)) {
      throw new PermanentFailure(
        'VolumeExpansionFailed',
        `The API server refused to grow PersistentVolumeClaim ${
          claim.metadata.name
        } to ${size}: ${describeKubernetesError(error)}`,
      );
    }
    throw error;
  }
}

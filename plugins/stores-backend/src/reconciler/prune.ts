import type { NewStoreEvent } from '../database/StoresDatabase';
import { APPLIED_HASH_ANNOTATION } from '../kubernetes/appliedHash';
import type { KubeObject } from '../kubernetes/KubernetesClient';
import { MANAGED_KINDS } from '../kubernetes/managedKinds';
import { Owner, ownershipOf } from '../kubernetes/ownership';
import type { DesiredState } from './desiredState';
import type { ReconcileDeps } from './reconcileDeps';
import type { ReconcilePass } from './ReconcilePass';

/**
 * Objects in the store's namespace that this store wrote (our labels and
 * our applied-hash annotation: objects made by controllers from templates,
 * such as pods and the StatefulSet's volume claims, carry no hash) but that
 * the engine no longer renders, for example after an engine upgrade. From
 * the watch cache, so finding none costs no request.
 */
export function unrenderedObjects(
  deps: Pick<ReconcileDeps, 'cache' | 'recentlyDeleted'>,
  desired: DesiredState,
  namespace: string,
  owner: Owner,
): KubeObject[] {
  const wanted = new Set(
    desired.stages
      .flatMap(stage => [...stage.objects, ...(stage.retained ?? [])])
      .map(refKey),
  );
  return MANAGED_KINDS.filter(kind => kind.namespaced)
    .flatMap(kind => deps.cache.list(kind.apiVersion, kind.kind, namespace))
    .filter(
      live =>
        live.metadata.annotations?.[APPLIED_HASH_ANNOTATION] !== undefined &&
        ownershipOf(live, owner) !== 'foreign' &&
        !wanted.has(refKey(live)) &&
        !live.metadata.deletionTimestamp &&
        !deps.recentlyDeleted.has(live.metadata.uid),
    );
}

/** Deletes what the engine no longer renders, with one event per object. */
export async function pruneUnrendered(
  deps: ReconcileDeps,
  pass: ReconcilePass,
  desired: DesiredState,
  owner: Owner,
  events: NewStoreEvent[],
): Promise<void> {
  const stale = unrenderedObjects(deps, desired, pass.store.namespace, owner);
  for (const live of stale) {
    await pass.claim();
    await deps.client.delete(live, 'Background');
    if (live.metadata.uid) {
      deps.recentlyDeleted.add(live.metadata.uid);
    }
    const what = `${live.kind} ${live.metadata.name}`;
    events.push({
      type: 'Normal',
      reason: 'Pruned',
      message: `Deleted ${what}: the engine no longer renders it`,
    });
    deps.logger.info(`Pruned ${what}`, { storeId: pass.store.id });
  }
}

function refKey(object: {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}): string {
  return `${object.apiVersion}/${object.kind}/${
    object.metadata.namespace ?? ''
  }/${object.metadata.name}`;
}

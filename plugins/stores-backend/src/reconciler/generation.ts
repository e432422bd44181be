import type { StoreCondition } from '@internal/plugin-stores-common';
import type { NewStoreEvent } from '../database/StoresDatabase';
import type { DesiredState } from './desiredState';
import type { ReconcileDeps } from './reconcileDeps';
import type { ReconcilePass } from './ReconcilePass';
import { ownerOf } from './stages';
import { ownershipOf } from '../kubernetes/ownership';

/**
 * The conditions a pass starts from. A new generation (the first pass, or a
 * retry) first deletes failed Jobs so they run again (their scripts are
 * idempotent), and restarts the clock of every condition that does not hold.
 */
export async function startGeneration(
  deps: ReconcileDeps,
  pass: ReconcilePass,
  desired: DesiredState,
  events: NewStoreEvent[],
  now: Date,
): Promise<StoreCondition[]> {
  const store = pass.store;
  if (store.observedGeneration >= store.generation) {
    return store.conditions;
  }
  await deleteFailedJobs(deps, pass, desired, events);
  return store.conditions.map(c =>
    c.status === 'True' ? c : { ...c, lastTransitionTime: now.toISOString() },
  );
}

async function deleteFailedJobs(
  deps: ReconcileDeps,
  pass: ReconcilePass,
  desired: DesiredState,
  events: NewStoreEvent[],
) {
  const jobs = desired.stages
    .flatMap(stage => stage.objects)
    .filter(object => object.kind === 'Job');
  for (const job of jobs) {
    const live = deps.cache.get(
      job.apiVersion,
      job.kind,
      job.metadata.name,
      job.metadata.namespace,
    );
    const uid = live?.metadata.uid;
    if (
      !live ||
      !uid ||
      deps.recentlyDeleted.has(uid) ||
      desired.engine.judge(live, job).state !== 'failed' ||
      ownershipOf(live, ownerOf(deps, pass)) === 'foreign'
    ) {
      continue;
    }
    await pass.claim();
    await deps.client.delete(live, 'Background');
    deps.recentlyDeleted.add(uid);
    events.push({
      type: 'Normal',
      reason: 'JobRestarted',
      message: `Deleted failed Job ${job.metadata.name} to run it again`,
    });
  }
}

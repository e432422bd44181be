import type { RenderedObject } from '@internal/plugin-stores-common';
import type { ObjectReadiness } from '../engine';

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

function findCondition(
  observed: RenderedObject,
  type: string,
): Condition | undefined {
  const status = observed.status as { conditions?: Condition[] } | undefined;
  return status?.conditions?.find(c => c.type === type);
}

function generationObserved(observed: RenderedObject): boolean {
  const generation = (observed.metadata as { generation?: number }).generation;
  const seen = (observed.status as { observedGeneration?: number } | undefined)
    ?.observedGeneration;
  return generation === undefined || (seen !== undefined && seen >= generation);
}

/**
 * Readiness of one live object of a store (Deployment, StatefulSet, Job,
 * PersistentVolumeClaim, Namespace; anything else is ready once it exists),
 * from its status, against the replicas of the object as rendered
 * (`desired`): a live spec someone scaled to 0 would otherwise be "ready"
 * with nothing running; one rendered with 0 replicas is ready once its
 * pods are gone. Messages are stable while nothing changes (they end
 * up in conditions, and an unchanged condition must not cause a database
 * write).
 */
export function judgeStoreObject(
  observed: RenderedObject,
  desired: RenderedObject,
): ObjectReadiness {
  const status = (observed.status ?? {}) as Record<string, any>;
  const what = `${observed.kind} ${observed.metadata.name}`;
  switch (observed.kind) {
    case 'Deployment':
    case 'StatefulSet': {
      const wanted =
        (desired.spec as { replicas?: number } | undefined)?.replicas ?? 1;
      const ready = status.readyReplicas ?? 0;
      if (wanted === 0) {
        // Scaled to zero (a suspended store): ready once no pod is left.
        const running = status.replicas ?? 0;
        return generationObserved(observed) && running === 0
          ? { state: 'ready' }
          : {
              state: 'progressing',
              message: `${what}: scaling down, ${running} replicas left`,
            };
      }
      // A StatefulSet has no Available condition; its ready replicas say it.
      const available =
        observed.kind === 'StatefulSet' ||
        findCondition(observed, 'Available')?.status === 'True';
      // Pods of the old template still count as ready while a new one rolls
      // out (Recreate stops them only after the controller saw the change):
      // the controller says the rollout is complete with this reason.
      const rollout = findCondition(observed, 'Progressing');
      if (rollout && rollout.reason !== 'NewReplicaSetAvailable') {
        return {
          state: 'progressing',
          message: `${what}: rolling out (${rollout.reason ?? 'Progressing'})`,
        };
      }
      // And even that condition is the last rollout's until the controller
      // has made a pod of the new template: right after it observed the new
      // generation it reports the old, still ready pod with the old
      // `NewReplicaSetAvailable`. So, as `kubectl rollout status` does, the
      // pods of the current template (`updatedReplicas`, 0 when absent) must
      // be all there, and a Deployment must have no old pod left.
      const updated = status.updatedReplicas ?? 0;
      const oldLeft =
        observed.kind === 'Deployment' && (status.replicas ?? 0) > updated;
      if (!generationObserved(observed) || !available || ready < wanted) {
        return {
          state: 'progressing',
          message: `${what}: ${ready}/${wanted} replicas ready`,
        };
      }
      if (updated < wanted || oldLeft) {
        return {
          state: 'progressing',
          message: `${what}: rolling out (${updated}/${wanted} replicas updated)`,
        };
      }
      return { state: 'ready' };
    }
    case 'Job': {
      if (findCondition(observed, 'Complete')?.status === 'True') {
        return { state: 'ready' };
      }
      const failed = findCondition(observed, 'Failed');
      if (failed?.status === 'True') {
        return {
          state: 'failed',
          reason: failed.reason || 'JobFailed',
          message: `${what} failed: ${
            failed.message || failed.reason || 'no message'
          }`,
        };
      }
      return { state: 'progressing', message: `${what} is running` };
    }
    case 'PersistentVolumeClaim':
      return status.phase === 'Bound'
        ? { state: 'ready' }
        : {
            state: 'progressing',
            message: `${what} is ${status.phase ?? 'Pending'}`,
          };
    case 'Namespace':
      return status.phase === 'Terminating'
        ? { state: 'progressing', message: `${what} is terminating` }
        : { state: 'ready' };
    default:
      return { state: 'ready' };
  }
}

import { isUpToDate } from '../kubernetes/appliedHash';
import { isGeneratedSecret } from '../reconciler/generatedSecret';
import type { DesiredState } from '../reconciler/desiredState';
import type { ReconcileDeps } from '../reconciler/reconcileDeps';

/**
 * True when a live object of the store was last applied from another desired
 * object than the one rendered now (its applied-hash annotation differs):
 * for a store whose generation did not change, the engine or the config
 * changed. Absent objects are not counted (re-creating them is a repair,
 * never held back); neither are Jobs (never applied again) nor the
 * generated Secret (created once). Reads the watch cache only (an object
 * this pass just wrote and the watch has not shown yet looks outdated: it
 * belongs to a store already let through).
 */
export function hasOutdatedObjects(
  deps: Pick<ReconcileDeps, 'cache'>,
  desired: DesiredState,
): boolean {
  return desired.stages.some(stage =>
    stage.objects.some(object => {
      if (object.kind === 'Job' || isGeneratedSecret(object, desired.secret)) {
        return false;
      }
      const { apiVersion, kind, metadata } = object;
      const live = deps.cache.get(
        apiVersion,
        kind,
        metadata.name,
        metadata.namespace,
      );
      return live !== undefined && !isUpToDate(object, live);
    }),
  );
}

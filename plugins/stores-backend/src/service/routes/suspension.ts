import { ConflictError } from '@backstage/errors';
import { storeUpdatePermission } from '@internal/plugin-stores-common';
import { resumeConflict, suspendConflict } from '../../database/suspension';
import type { RouteContext } from './RouteContext';
import { type StoreChangeRoute, storeChangeHandler } from './stores';
import type { RouteHandler } from './types';

/*
 * Suspend and resume: the owner pauses a store to save the cluster's
 * resources (its workloads scale to zero, its data stays) and brings it
 * back later. Both need `stores.store.update`, as retry does: they change
 * how the store runs, not who owns it or whether it exists.
 */

/** `POST /stores/:id/suspend`: a ready or degraded store to `suspended`. */
export function suspendStoreHandler(
  ctx: RouteContext,
): RouteHandler<'/stores/{id}/suspend', 'post'> {
  const change: StoreChangeRoute = {
    permission: storeUpdatePermission,
    verb: 'suspend',
    eventId: 'store-suspend',
    logMessage: 'Store suspend requested',
    precondition: throwConflict(suspendConflict),
    alreadyDone: store => store.phase === 'suspended',
    apply: (id, actor) => ctx.options.database.markSuspended(id, actor),
  };
  return storeChangeHandler(ctx, change);
}

/** `POST /stores/:id/resume`: a suspended store back to provisioning, then ready. */
export function resumeStoreHandler(
  ctx: RouteContext,
): RouteHandler<'/stores/{id}/resume', 'post'> {
  const change: StoreChangeRoute = {
    permission: storeUpdatePermission,
    verb: 'resume',
    eventId: 'store-resume',
    logMessage: 'Store resume requested',
    precondition: throwConflict(resumeConflict),
    apply: (id, actor) => ctx.options.database.markResumed(id, actor),
  };
  return storeChangeHandler(ctx, change);
}

/** The database re-checks under the row lock; this answers before auditing. */
function throwConflict(
  conflict: (
    store: Parameters<typeof suspendConflict>[0],
  ) => string | undefined,
) {
  return (store: Parameters<typeof suspendConflict>[0]) => {
    const message = conflict(store);
    if (message) {
      throw new ConflictError(message);
    }
  };
}

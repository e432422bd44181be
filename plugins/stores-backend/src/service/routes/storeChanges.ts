import {
  storeDeletePermission,
  storeUpdatePermission,
} from '@internal/plugin-stores-common';
import { resumeConflict, suspendConflict } from '../../database/suspension';
import { storeChangeHandler, type StoreChangeRoute } from './applyStoreChange';
import type { RouteContext } from './RouteContext';
import type { RouteHandler } from './types';

/*
 * The owner's changes to an existing store, one row each. Suspend and
 * resume need `stores.store.update`, as retry does: they change how the
 * store runs, not who owns it or whether it exists.
 */
const STORE_CHANGES = {
  /** Marks the store deleting; the reconciler does the rest. */
  delete: {
    permission: storeDeletePermission,
    verb: 'delete',
    eventId: 'store-delete',
    logMessage: 'Store deletion requested',
    alreadyDone: store => store.phase === 'deleting',
    apply: (database, id, actor) => database.markDeleting(id, actor),
  },
  /** A failed store back to provisioning. */
  retry: {
    permission: storeUpdatePermission,
    verb: 'retry',
    eventId: 'store-retry',
    logMessage: 'Store retry requested',
    conflict: store =>
      store.phase === 'failed'
        ? undefined
        : `Only a failed store can be retried; store "${store.name}" is ${store.phase}`,
    apply: (database, id, actor) => database.markRetry(id, actor),
  },
  /** A ready or degraded store to `suspended`: workloads at zero, data kept. */
  suspend: {
    permission: storeUpdatePermission,
    verb: 'suspend',
    eventId: 'store-suspend',
    logMessage: 'Store suspend requested',
    conflict: suspendConflict,
    alreadyDone: store => store.phase === 'suspended',
    apply: (database, id, actor) => database.markSuspended(id, actor),
  },
  /** A suspended store back to provisioning, then ready. */
  resume: {
    permission: storeUpdatePermission,
    verb: 'resume',
    eventId: 'store-resume',
    logMessage: 'Store resume requested',
    conflict: resumeConflict,
    apply: (database, id, actor) => database.markResumed(id, actor),
  },
} satisfies Record<string, StoreChangeRoute>;

/** `DELETE /stores/:id` */
export const deleteStoreHandler = (
  ctx: RouteContext,
): RouteHandler<'/stores/{id}', 'delete'> =>
  storeChangeHandler(ctx, STORE_CHANGES.delete);

/** `POST /stores/:id/retry` */
export const retryStoreHandler = (
  ctx: RouteContext,
): RouteHandler<'/stores/{id}/retry', 'post'> =>
  storeChangeHandler(ctx, STORE_CHANGES.retry);

/** `POST /stores/:id/suspend` */
export const suspendStoreHandler = (
  ctx: RouteContext,
): RouteHandler<'/stores/{id}/suspend', 'post'> =>
  storeChangeHandler(ctx, STORE_CHANGES.suspend);

/** `POST /stores/:id/resume` */
export const resumeStoreHandler = (
  ctx: RouteContext,
): RouteHandler<'/stores/{id}/resume', 'post'> =>
  storeChangeHandler(ctx, STORE_CHANGES.resume);

import { ConflictError } from '@backstage/errors';
import { storeBackupPermission } from '@internal/plugin-stores-common';
import { principalRef } from '../requests';
import type { RouteContext } from './RouteContext';
import type { RouteHandler } from './types';

/*
 * A store's backups: listed for anyone who may read the store (404
 * otherwise, as every read), started on demand by those who also hold
 * stores.store.backup on it (403 naming the owner). No Secret is read: the
 * list comes from the backup Jobs and their pods' termination messages.
 */

/** Phases in which the store's database runs, so a dump can be taken. */
const BACKUP_PHASES = new Set(['ready', 'degraded']);

/** `GET /stores/:id/backups`: newest first, with the plan's schedule and retention. */
export function listBackupsHandler(
  ctx: RouteContext,
): RouteHandler<'/stores/{id}/backups', 'get'> {
  return async (req, res) => {
    const credentials = await ctx.credentialsOf(req);
    const store = await ctx.loadReadable(req.params.id, credentials);
    res.json(await ctx.options.reconciler.backups.list(store));
  };
}

/** `POST /stores/:id/backups`: a Job from the store's backup CronJob, now. */
export function startBackupHandler(
  ctx: RouteContext,
): RouteHandler<'/stores/{id}/backups', 'post'> {
  return async (req, res) => {
    const credentials = await ctx.credentialsOf(req);
    const store = await ctx.loadReadable(req.params.id, credentials);
    await ctx.requirePermission(
      storeBackupPermission,
      'back up',
      store,
      credentials,
    );
    if (!BACKUP_PHASES.has(store.phase)) {
      throw new ConflictError(
        `Store "${store.name}" is ${store.phase}; a backup needs it ready or degraded (its database running)`,
      );
    }
    const backup = await ctx.audited(
      req,
      'store-backup',
      { storeId: store.id, name: store.name },
      async () => {
        const started = await ctx.options.reconciler.backups.start(
          store,
          principalRef(credentials),
        );
        ctx.logger.info('Store backup started', {
          storeId: store.id,
          backup: started.name,
        });
        return { result: started, meta: { backup: started.name } };
      },
    );
    res.status(202).json(backup);
  };
}

import {
  storeCredentialsReadPermission,
  storeUpdatePermission,
} from '@internal/plugin-stores-common';
import { principalRef } from '../requests';
import type { Request, RouteContext } from './RouteContext';
import type { RouteHandler } from './types';

/*
 * A store's admin credentials: read and rotate. Both are for callers who may
 * read the store (else 404, as for every read) and hold
 * stores.store.credentials.read on it (else 403 naming the owner). The
 * password never goes into an audit event, a log line or an error.
 */

/** `GET /stores/:id/credentials`: audited, answered `Cache-Control: no-store`. */
export function getCredentialsHandler(
  ctx: RouteContext,
): RouteHandler<'/stores/{id}/credentials', 'get'> {
  return async (req, res) => {
    const { store } = await loadForCredentials(ctx, req);
    const answer = await ctx.audited(
      req,
      'store-credentials-read',
      { storeId: store.id, name: store.name },
      async () => ({
        result: await ctx.options.reconciler.credentials.read(store),
      }),
    );
    res.set('Cache-Control', 'no-store');
    res.json(answer);
  };
}

/** `POST /stores/:id/credentials/rotate`: starts the engine's rotation Job. */
export function rotateCredentialsHandler(
  ctx: RouteContext,
): RouteHandler<'/stores/{id}/credentials/rotate', 'post'> {
  return async (req, res) => {
    const { store, credentials } = await loadForCredentials(ctx, req);
    await ctx.requirePermission(
      storeUpdatePermission,
      'rotate the admin password of',
      store,
      credentials,
    );
    const job = await ctx.audited(
      req,
      'store-credentials-rotate',
      { storeId: store.id, name: store.name },
      async () => {
        const started = await ctx.options.reconciler.credentials.rotate(
          store,
          principalRef(credentials),
        );
        // The outcome is the store's events; nothing waits on it here.
        started.finished.catch(error =>
          ctx.logger.error('Admin password rotation failed unexpectedly', {
            storeId: store.id,
            error: String(error),
          }),
        );
        return { result: started.job, meta: { job: started.job } };
      },
    );
    res.status(202).json({ status: 'started', job });
  };
}

/** The store the path names, for a caller who may see its credentials. */
async function loadForCredentials(
  ctx: RouteContext,
  req: Request & { params: { id: string } },
) {
  const credentials = await ctx.credentialsOf(req);
  const store = await ctx.loadReadable(req.params.id, credentials);
  await ctx.requirePermission(
    storeCredentialsReadPermission,
    'see the admin credentials of',
    store,
    credentials,
  );
  return { store, credentials };
}

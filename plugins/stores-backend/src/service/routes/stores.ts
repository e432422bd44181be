import { ConflictError } from '@backstage/errors';
import {
  listStoresQuerySchema,
  normalizeOwnerRef,
  storeDeletePermission,
  storeUpdatePermission,
} from '@internal/plugin-stores-common';
import { parseInput, principalRef, toArray } from '../requests';
import type { RouteContext } from './RouteContext';
import type { RouteHandler } from './types';

/*
 * Reads and state changes of existing stores. Creating one has its own file
 * (createStore.ts): it is most of the API's validation.
 */

/** `GET /stores`: the stores the caller may read, filtered in SQL. */
export function listStoresHandler(ctx: RouteContext): RouteHandler {
  return async (req, res) => {
    const credentials = await ctx.credentialsOf(req);
    const access = await ctx.authorizer.readFilter(credentials);
    const query = parseInput(listStoresQuerySchema, req.query, 'query');
    const list = await ctx.options.database.listStores({
      owners: toArray(query.owner).map(ref => normalizeOwnerRef(ref)),
      phases: toArray(query.phase),
      text: query.q?.trim() || undefined,
      limit: query.limit,
      cursor: query.cursor,
      access,
    });
    res.json(list);
  };
}

/** `GET /stores/:id` */
export function getStoreHandler(ctx: RouteContext): RouteHandler {
  return async (req, res) => {
    const credentials = await ctx.credentialsOf(req);
    res.json(await ctx.loadReadable(req.params.id, credentials));
  };
}

/** `DELETE /stores/:id`: marks the store deleting; the reconciler does the rest. */
export function deleteStoreHandler(ctx: RouteContext): RouteHandler {
  const { database } = ctx.options;
  return async (req, res) => {
    const credentials = await ctx.credentialsOf(req);
    const existing = await ctx.loadReadable(req.params.id, credentials);
    await ctx.requirePermission(
      storeDeletePermission,
      'delete',
      existing,
      credentials,
    );
    const store = await ctx.audited(
      req,
      'store-delete',
      { storeId: existing.id, name: existing.name },
      async () => {
        const deleting = await database.markDeleting(
          existing.id,
          principalRef(credentials),
        );
        if (existing.phase !== 'deleting') {
          ctx.logger.info('Store deletion requested', {
            storeId: deleting.id,
            name: deleting.name,
          });
          await ctx.announce(deleting);
        }
        return { result: deleting };
      },
    );
    res.status(202).json(store);
  };
}

/** `POST /stores/:id/retry`: a failed store back to provisioning. */
export function retryStoreHandler(ctx: RouteContext): RouteHandler {
  const { database } = ctx.options;
  return async (req, res) => {
    const credentials = await ctx.credentialsOf(req);
    const existing = await ctx.loadReadable(req.params.id, credentials);
    await ctx.requirePermission(
      storeUpdatePermission,
      'retry',
      existing,
      credentials,
    );
    if (existing.phase !== 'failed') {
      throw new ConflictError(
        `Only a failed store can be retried; store "${existing.name}" is ${existing.phase}`,
      );
    }
    const store = await ctx.audited(
      req,
      'store-retry',
      { storeId: existing.id, name: existing.name },
      async () => {
        const retried = await database.markRetry(
          existing.id,
          principalRef(credentials),
        );
        ctx.logger.info('Store retry requested', {
          storeId: retried.id,
          name: retried.name,
        });
        await ctx.announce(retried);
        return { result: retried };
      },
    );
    res.status(202).json(store);
  };
}

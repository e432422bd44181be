import {
  listStoresQuerySchema,
  normalizeOwnerRef,
} from '@internal/plugin-stores-common';
import { parseInput, toArray } from '../requests';
import type { RouteContext } from './RouteContext';
import type { RouteHandler } from './types';

/*
 * Reads of existing stores. Creating one (createStore.ts), editing one
 * (updateStore.ts) and the owner's other changes (storeChanges.ts) have
 * their own files.
 */

/** `GET /stores`: the stores the caller may read, filtered in SQL. */
export function listStoresHandler(
  ctx: RouteContext,
): RouteHandler<'/stores', 'get'> {
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
export function getStoreHandler(
  ctx: RouteContext,
): RouteHandler<'/stores/{id}', 'get'> {
  return async (req, res) => {
    const credentials = await ctx.credentialsOf(req);
    res.json(await ctx.loadReadable(req.params.id, credentials));
  };
}

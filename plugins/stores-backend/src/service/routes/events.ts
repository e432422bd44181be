import { listEventsQuerySchema } from '@internal/plugin-stores-common';
import { parseInput } from '../requests';
import type { RouteContext } from './RouteContext';
import type { RouteHandler } from './types';

/** `GET /stores/:id/events`: the store's events, oldest first, paged. */
export function listStoreEventsHandler(
  ctx: RouteContext,
): RouteHandler<'/stores/{id}/events', 'get'> {
  return async (req, res) => {
    const credentials = await ctx.credentialsOf(req);
    const store = await ctx.loadReadable(req.params.id, credentials);
    const query = parseInput(listEventsQuerySchema, req.query, 'query');
    res.json(
      await ctx.options.database.listEvents(store.id, {
        limit: query.limit,
        cursor: query.cursor,
      }),
    );
  };
}

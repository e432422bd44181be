import { ServiceUnavailableError } from '@backstage/errors';
import {
  normalizeOwnerRef,
  phaseCountsQuerySchema,
  quotaUsageQuerySchema,
  type StoreQuotaUsage,
} from '@internal/plugin-stores-common';
import { parseInput, toArray } from '../requests';
import type { RouteContext } from './RouteContext';
import type { RouteHandler } from './types';

/*
 * The Stores page's fleet view: phase counts for its chips and the "needs
 * attention" filter, and the quota usage of the cards it shows. Both are
 * cheap: one grouped query, and reads of the reconciler's watch cache.
 */

/** `GET /fleet/phases`: readable live stores per phase, under the list's owner and text filters. */
export function phaseCountsHandler(
  ctx: RouteContext,
): RouteHandler<'/fleet/phases', 'get'> {
  return async (req, res) => {
    const credentials = await ctx.credentialsOf(req);
    const access = await ctx.authorizer.readFilter(credentials);
    const query = parseInput(phaseCountsQuerySchema, req.query, 'query');
    const phases = await ctx.options.database.countStoresByPhase({
      owners: toArray(query.owner).map(ref => normalizeOwnerRef(ref)),
      text: query.q?.trim() || undefined,
      access,
    });
    const total = Object.values(phases).reduce((sum, n) => sum + n, 0);
    res.json({ total, phases });
  };
}

/**
 * `GET /fleet/quota-usage?store=<id>&store=<id>`: what each store uses of
 * its plan's quota, from its ResourceQuota's status in the watch cache.
 * Stores the caller cannot read, unknown ids and stores whose quota is not
 * (yet) in the cluster are left out, so nothing says whether they exist.
 */
export function quotaUsageHandler(
  ctx: RouteContext,
): RouteHandler<'/fleet/quota-usage', 'get'> {
  return async (req, res) => {
    const credentials = await ctx.credentialsOf(req);
    const query = parseInput(quotaUsageQuerySchema, req.query, 'query');
    const source = ctx.options.reconciler.quotaUsage;
    if (!source.available) {
      throw new ServiceUnavailableError(
        'Quota usage is read from the reconciler’s watch of the cluster, and no reconciler runs in this backend (stores.reconciler.enabled: false)',
      );
    }
    // One permission decision, applied in SQL to each id.
    const access = await ctx.authorizer.readFilter(credentials);
    const ids = [...new Set(toArray(query.store))];
    const stores = await Promise.all(
      ids.map(id => ctx.options.database.getStore(id, access)),
    );
    const items: StoreQuotaUsage[] = [];
    for (const store of stores) {
      if (!store) {
        continue;
      }
      const resources = await source.usageOf(store.namespace);
      if (resources) {
        items.push({ storeId: store.id, plan: store.plan, resources });
      }
    }
    res.json({ items });
  };
}

import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { storeOrphansManagePermission } from '@internal/plugin-stores-common';
import type { Request, RouteContext } from './RouteContext';
import type { RouteHandler } from './types';

/** 403 unless the caller holds `stores.orphans.manage` (the platform team). */
async function requireOrphansPermission(
  ctx: RouteContext,
  req: Request,
): Promise<BackstageCredentials> {
  const credentials = await ctx.credentialsOf(req);
  const [decision] = await ctx.options.permissions.authorize(
    [{ permission: storeOrphansManagePermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      'Only the platform team may see or repair orphaned store namespaces',
    );
  }
  return credentials;
}

/**
 * `GET /orphans`: the last orphan scan (namespaces of this portal whose
 * store the database does not know), what was deleted, and why a deletion
 * was held back.
 */
export function listOrphansHandler(
  ctx: RouteContext,
): RouteHandler<'/orphans', 'get'> {
  return async (req, res) => {
    await requireOrphansPermission(ctx, req);
    const report = ctx.options.reconciler.orphans.report();
    res.json({
      mode: ctx.options.config.reconciler.orphans,
      count: report.orphans.length,
      ...report,
    });
  };
}

/**
 * `POST /orphans/restore`: re-creates the store rows of the orphans from
 * their namespaces' labels, so that a lost portal database can be rebuilt;
 * the restored stores are reconciled at once.
 */
export function restoreOrphansHandler(
  ctx: RouteContext,
): RouteHandler<'/orphans/restore', 'post'> {
  return async (req, res) => {
    const credentials = await requireOrphansPermission(ctx, req);
    const principal = credentials.principal as { userEntityRef?: string };
    const actor = principal.userEntityRef ?? 'service';
    const result = await ctx.audited(
      req,
      'store-orphans-restore',
      {},
      async () => {
        const restored = await ctx.options.reconciler.orphans.restore(actor);
        return {
          result: restored,
          meta: {
            restored: restored.restored.map(s => s.id),
            skipped: restored.skipped.length,
          },
        };
      },
    );
    for (const store of result.restored) {
      await ctx.announce(store);
    }
    res.json(result);
  };
}

import { ConflictError } from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type { Store } from '@internal/plugin-stores-common';
import { principalRef } from '../requests';
import type { RouterOptions } from '../router';
import type { Request, RouteContext } from './RouteContext';

/**
 * One user-requested change to an existing store, as delete, retry, suspend
 * and resume are. (Not the notifier's `StoreChange` in ../../types, which
 * says what changed after the fact.)
 */
export interface StoreChangeRoute {
  /** Needed on the store, else 403; `verb` names the change in the message. */
  permission: ResourcePermission<'store'>;
  verb: string;
  /** The audit event's id. */
  eventId: string;
  logMessage: string;
  /** Why the store cannot take the change (a 409), else undefined; runs before auditing. */
  conflict?: (store: Store) => string | undefined;
  /** True when the store is already there: answered, not logged or announced. */
  alreadyDone?: (store: Store) => boolean;
  apply: (
    database: RouterOptions['database'],
    id: string,
    actor: string,
  ) => Promise<Store>;
}

/**
 * The handler of a change route on `/stores/{id}...`: the change applied to
 * the store the path names, answered 202 with the changed store.
 */
export function storeChangeHandler(
  ctx: RouteContext,
  change: StoreChangeRoute,
) {
  return async (
    req: Request & { params: { id: string } },
    res: { status(code: 202): { json(body: Store): unknown } },
  ): Promise<void> => {
    res
      .status(202)
      .json(await applyStoreChange(ctx, change, req, req.params.id));
  };
}

/**
 * 404 unless readable, 403 unless permitted, 409 on a conflict, then the
 * change as one audit event; the reconciler takes it from there.
 */
export async function applyStoreChange(
  ctx: RouteContext,
  change: StoreChangeRoute,
  req: Request,
  id: string,
): Promise<Store> {
  const credentials = await ctx.credentialsOf(req);
  const existing = await ctx.loadReadable(id, credentials);
  await ctx.requirePermission(
    change.permission,
    change.verb,
    existing,
    credentials,
  );
  // The database re-checks under the row lock; this answers before auditing.
  const conflict = change.conflict?.(existing);
  if (conflict) {
    throw new ConflictError(conflict);
  }
  return ctx.audited(
    req,
    change.eventId,
    { storeId: existing.id, name: existing.name },
    async () => {
      const changed = await change.apply(
        ctx.options.database,
        existing.id,
        principalRef(credentials),
      );
      if (!change.alreadyDone?.(existing)) {
        ctx.logger.info(change.logMessage, {
          storeId: changed.id,
          name: changed.name,
        });
        // The owner hears of the phases worth it (a suspended store).
        await ctx.announce(changed, { previousPhase: existing.phase });
      }
      return { result: changed };
    },
  );
}

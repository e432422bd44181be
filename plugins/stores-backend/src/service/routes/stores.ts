import { ConflictError } from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  listStoresQuerySchema,
  normalizeOwnerRef,
  storeDeletePermission,
  storeUpdatePermission,
  type Store,
} from '@internal/plugin-stores-common';
import { parseInput, principalRef, toArray } from '../requests';
import type { Request, RouteContext } from './RouteContext';
import type { RouteHandler } from './types';

/*
 * Reads and state changes of existing stores. Creating one has its own file
 * (createStore.ts): it is most of the API's validation.
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

/** `DELETE /stores/:id`: marks the store deleting; the reconciler does the rest. */
export function deleteStoreHandler(
  ctx: RouteContext,
): RouteHandler<'/stores/{id}', 'delete'> {
  const change: StoreChangeRoute = {
    permission: storeDeletePermission,
    verb: 'delete',
    eventId: 'store-delete',
    logMessage: 'Store deletion requested',
    alreadyDone: store => store.phase === 'deleting',
    apply: (id, actor) => ctx.options.database.markDeleting(id, actor),
  };
  return storeChangeHandler(ctx, change);
}

/** `POST /stores/:id/retry`: a failed store back to provisioning. */
export function retryStoreHandler(
  ctx: RouteContext,
): RouteHandler<'/stores/{id}/retry', 'post'> {
  const change: StoreChangeRoute = {
    permission: storeUpdatePermission,
    verb: 'retry',
    eventId: 'store-retry',
    logMessage: 'Store retry requested',
    precondition: store => {
      if (store.phase !== 'failed') {
        throw new ConflictError(
          `Only a failed store can be retried; store "${store.name}" is ${store.phase}`,
        );
      }
    },
    apply: (id, actor) => ctx.options.database.markRetry(id, actor),
  };
  return storeChangeHandler(ctx, change);
}

/**
 * A route that applies one user-requested change to an existing store, as
 * delete, retry, suspend and resume do. (Not the notifier's `StoreChange`
 * in ../../types, which says what changed after the fact.)
 */
export interface StoreChangeRoute {
  /** Needed on the store, else 403; `verb` names the change in the message. */
  permission: ResourcePermission<'store'>;
  verb: string;
  /** The audit event's id. */
  eventId: string;
  logMessage: string;
  /** Throws when the store cannot take the change; runs before auditing. */
  precondition?: (store: Store) => void;
  /** True when the store is already there: answered, not logged or announced. */
  alreadyDone?: (store: Store) => boolean;
  apply: (id: string, actor: string) => Promise<Store>;
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
 * 404 unless readable, 403 unless permitted, then the change as one audit
 * event; the changed store is answered 202, the reconciler takes it from
 * there.
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
  change.precondition?.(existing);
  return ctx.audited(
    req,
    change.eventId,
    { storeId: existing.id, name: existing.name },
    async () => {
      const changed = await change.apply(
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

import { ConflictError, InputError } from '@backstage/errors';
import {
  storeUpdatePermission,
  updateStoreRequestSchema,
  type Store,
} from '@internal/plugin-stores-common';
import { plannedVolumes, shrunkVolumes } from '../../reconciler/volumes';
import { parseInput, principalRef } from '../requests';
import type { RouteContext } from './RouteContext';
import type { RouteHandler } from './types';

/**
 * `PATCH /stores/:id`: display name, description and plan. A plan change is
 * checked before anything is written: the plan exists, no volume shrinks,
 * and every live volume it grows can be expanded (bound, StorageClass with
 * `allowVolumeExpansion`). It bumps the generation; the reconciler then
 * applies the new quota, limits, container resources and volume sizes in
 * place. Answers 200 with the changed store.
 */
export function updateStoreHandler(
  ctx: RouteContext,
): RouteHandler<'/stores/{id}', 'patch'> {
  return async (req, res) => {
    const credentials = await ctx.credentialsOf(req);
    const existing = await ctx.loadReadable(req.params.id, credentials);
    await ctx.requirePermission(
      storeUpdatePermission,
      'change',
      existing,
      credentials,
    );
    const body = parseInput(updateStoreRequestSchema, req.body, 'body');
    if (existing.phase === 'deleting') {
      throw new ConflictError(
        `Store "${existing.name}" is being deleted and can no longer be changed`,
      );
    }
    if (body.plan !== undefined && body.plan !== existing.plan) {
      await checkPlanChange(ctx, existing, body.plan);
    }
    const store = await ctx.audited(
      req,
      'store-update',
      {
        storeId: existing.id,
        name: existing.name,
        fields: Object.keys(body).join(','),
      },
      async () => {
        const { store: changed, changed: what } =
          await ctx.options.database.updateStore(existing.id, {
            ...body,
            expectedPlan: existing.plan,
            actor: principalRef(credentials),
          });
        if (what.length) {
          ctx.logger.info('Store changed', {
            storeId: changed.id,
            name: changed.name,
            changed: what.join(', '),
          });
          await ctx.announce(changed);
        }
        return { result: changed, meta: { changed: what } };
      },
    );
    res.json(store);
  };
}

/** 400 for an unknown plan, 409 when volumes would shrink or cannot grow. */
async function checkPlanChange(
  ctx: RouteContext,
  store: Store,
  planName: string,
): Promise<void> {
  const { config, engines, reconciler } = ctx.options;
  const plan = config.plans[planName];
  if (!plan) {
    throw new InputError(
      `Unknown plan "${planName}"; available plans: ${Object.keys(
        config.plans,
      ).join(', ')}`,
    );
  }
  const engine = engines.get(store.engine);
  if (!engine) {
    throw new ConflictError(
      `Store "${store.name}" runs on engine "${store.engine}", which is not installed; its plan cannot be changed`,
    );
  }
  const current = config.plans[store.plan];
  const shrunk = current ? shrunkVolumes(current, plan) : [];
  if (shrunk.length) {
    throw new ConflictError(
      `Plan "${planName}" would shrink the ${shrunk
        .map(v => `${v.volume} volume from ${v.from} to ${v.to}`)
        .join(' and the ')} of store "${
        store.name
      }"; volumes can only grow, so choose a plan whose volumes are at least as large`,
    );
  }
  // Compared with the live volumes: the current plan may have been edited.
  await reconciler.planChanges.checkVolumeGrowth(
    store,
    plannedVolumes(engine, store, plan, config.settings),
  );
}

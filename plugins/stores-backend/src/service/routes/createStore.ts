import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  createStoreRequestSchema,
  normalizeOwnerRef,
  type ParsedCreateStoreRequest,
  type Store,
  type StoreDryRunResult,
} from '@internal/plugin-stores-common';
import type { StoreEngine, StorePlan } from '@internal/plugin-stores-node';
import { z } from 'zod';
import {
  MAX_IDEMPOTENCY_KEY_LENGTH,
  type CreateStoreInput,
} from '../../database/StoresDatabase';
import { redactSecrets } from '../redactSecrets';
import { parseInput, principalRef } from '../requests';
import { resolveRestoreSource } from './restoreSource';
import type { Request, RouteContext } from './RouteContext';
import type { RouteHandler } from './types';

const createQuerySchema = z.strictObject({
  dryRun: z.enum(['true', 'false']).optional(),
});

/** Printable ASCII without spaces, like the usual UUIDs and task ids. */
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]+$/;

/**
 * `POST /stores` (202 with the pending store), or with `?dryRun=true` the
 * store and the redacted objects a create would make, writing nothing.
 */
export function createStoreHandler(
  ctx: RouteContext,
): RouteHandler<'/stores', 'post'> {
  const { config, database, engines } = ctx.options;

  return async (req, res) => {
    const credentials = await ctx.credentialsOf(req);
    const { dryRun } = parseInput(createQuerySchema, req.query, 'query');
    await ctx.authorizer.authorizeCreate(credentials);

    const request = parseInput(
      createStoreRequestSchema,
      { ...req.body, plan: req.body.plan ?? config.defaultPlan },
      'body',
    );
    request.owner = normalizeOwnerRef(request.owner);
    // Before the engine, plan and limits: nothing about a foreign owner's
    // stores is revealed to a caller who may not create for it.
    await ctx.authorizer.authorizeOwner(
      requestedStore(request, credentials),
      credentials,
    );
    // Before the engine's check: a restore takes the source store's engine.
    request.fromBackup = await resolveRestoreSource(
      ctx,
      request,
      req.body.engine !== undefined,
      credentials,
    );
    const engine = engines.get(request.engine);
    if (!engine) {
      throw new InputError(
        `Unknown engine "${request.engine}"; available engines: ${listOrNone([
          ...engines.keys(),
        ])}`,
      );
    }
    const plan = config.plans[request.plan];
    if (!plan) {
      throw new InputError(
        `Unknown plan "${request.plan}"; available plans: ${listOrNone(
          Object.keys(config.plans),
        )}`,
      );
    }
    const input: CreateStoreInput = {
      request,
      namespace: `store-${request.name}`,
      createdBy: principalRef(credentials),
      idempotencyKey: readIdempotencyKey(req),
      urlsFor: (store: Store) =>
        engine.urls({
          store,
          namespace: store.namespace,
          plan,
          settings: config.settings,
        }),
      limits: {
        perOwner: config.limits.perOwner,
        total: config.limits.total,
        perUserPerMinute: config.limits.createsPerUserPerMinute,
      },
    };

    if (dryRun === 'true') {
      const { store } = await database.createStore({ ...input, dryRun: true });
      res.json(dryRunResult(store, engine, plan, ctx));
      return;
    }

    const { store, created } = await ctx.audited(
      req,
      'store-create',
      {
        name: request.name,
        owner: request.owner,
        plan: request.plan,
        ...(request.fromBackup ? { fromBackup: request.fromBackup } : {}),
      },
      async () => {
        const outcome = await database.createStore(input);
        if (outcome.created) {
          ctx.logger.info('Store requested', {
            storeId: outcome.store.id,
            name: outcome.store.name,
            owner: outcome.store.owner,
            createdBy: outcome.store.createdBy,
          });
          await ctx.announce(outcome.store);
        }
        return {
          result: outcome,
          meta: { storeId: outcome.store.id, replayed: !outcome.created },
        };
      },
    );
    if (!created) {
      res.setHeader('Idempotent-Replayed', 'true');
    }
    res.status(202).json(store);
  };
}

/**
 * The store as it would be created, for the permission policy to judge its
 * owner: no id, nothing reconciled yet.
 */
function requestedStore(
  request: ParsedCreateStoreRequest,
  credentials: BackstageCredentials,
): Store {
  return {
    id: '',
    name: request.name,
    displayName: request.displayName ?? request.name,
    description: request.description,
    engine: request.engine,
    plan: request.plan,
    owner: request.owner,
    createdBy: principalRef(credentials),
    namespace: `store-${request.name}`,
    phase: 'pending',
    conditions: [],
    urls: {},
    options: request.options,
    generation: 0,
    observedGeneration: 0,
    createdAt: '',
    updatedAt: '',
  };
}

/** The `Idempotency-Key` header, checked; undefined when absent or empty. */
function readIdempotencyKey(req: Request): string | undefined {
  const key = req.get('Idempotency-Key');
  if (
    key !== undefined &&
    (key.length > MAX_IDEMPOTENCY_KEY_LENGTH ||
      !IDEMPOTENCY_KEY_PATTERN.test(key))
  ) {
    throw new InputError(
      `Idempotency-Key must be 1-${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters without spaces`,
    );
  }
  return key || undefined;
}

/** What a create would make, with every Secret value redacted. */
function dryRunResult(
  store: Store,
  engine: StoreEngine,
  plan: StorePlan,
  ctx: RouteContext,
): StoreDryRunResult {
  const engineContext = {
    store,
    namespace: store.namespace,
    plan,
    settings: ctx.options.config.settings,
  };
  return {
    store: {
      name: store.name,
      displayName: store.displayName,
      owner: store.owner,
      engine: store.engine,
      plan: store.plan,
      namespace: store.namespace,
      urls: engine.urls(engineContext),
    },
    objects: redactSecrets(
      engine.stages(engineContext).flatMap(stage => stage.objects),
    ),
  };
}

function listOrNone(names: string[]): string {
  return names.length ? names.join(', ') : '(none configured)';
}

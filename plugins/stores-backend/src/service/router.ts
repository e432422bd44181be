import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import {
  createStoreRequestSchema,
  listEventsQuerySchema,
  listStoresQuerySchema,
  storeDeletePermission,
  storeReadPermission,
  storeUpdatePermission,
  type Store,
  type StoreDryRunResult,
} from '@internal/plugin-stores-common';
import type { StoreEngine } from '@internal/plugin-stores-node';
import express, { type ErrorRequestHandler, type Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { StoresDatabase } from '../database/StoresDatabase';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../database/KnexStoresDatabase';
import { PayloadTooLargeError } from '../errors';
import { storeResourceRef } from '../permissions';
import type {
  ClusterHealth,
  ReconcileTrigger,
  StoreChangeNotifier,
  StoresConfig,
} from '../types';
import { normalizeEntityRef } from './entityRefs';
import { redactSecrets } from './redactSecrets';
import { StoreAuthorizer } from './StoreAuthorizer';

/** Largest JSON body the API accepts; a create request is well under 2kb. */
export const MAX_BODY_SIZE = '64kb';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Source of the `store` ruleset, registered by the plugin beforehand. */
  permissionsRegistry: PermissionsRegistryService;
  auditor: AuditorService;
  config: StoresConfig;
  database: StoresDatabase;
  /** Cheap round trip to the database, for `GET /readiness`. */
  databaseHealth: { check(): Promise<void> };
  clusterHealth: ClusterHealth;
  engines: Map<string, StoreEngine>;
  reconcileTrigger: ReconcileTrigger;
  changeNotifier: StoreChangeNotifier;
}

const createQuerySchema = z.strictObject({
  dryRun: z.enum(['true', 'false']).optional(),
});

/** Printable ASCII without spaces, like the usual UUIDs and task ids. */
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]+$/;

/**
 * body-parser reports its failures with an HTTP status but as plain errors;
 * answer them as @backstage/errors types with messages that do not echo the
 * body back (a parse error message quotes part of the input).
 */
const translateBodyParserErrors: ErrorRequestHandler = (
  error,
  _req,
  _res,
  next,
) => {
  switch (error?.type) {
    case 'entity.too.large':
      next(
        new PayloadTooLargeError(
          `Request body is larger than the ${MAX_BODY_SIZE} this API accepts`,
        ),
      );
      return;
    case 'entity.parse.failed':
      next(new InputError('Request body is not valid JSON'));
      return;
    case 'charset.unsupported':
    case 'encoding.unsupported':
      next(new InputError('Request body must be UTF-8 encoded JSON'));
      return;
    default:
      next(error);
  }
};

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    logger,
    httpAuth,
    auditor,
    config,
    database,
    engines,
    reconcileTrigger,
    changeNotifier,
  } = options;
  const authorizer = StoreAuthorizer.create({
    permissions: options.permissions,
    ruleset: options.permissionsRegistry.getPermissionRuleset(storeResourceRef),
  });

  const router = Router();
  router.use(express.json({ limit: MAX_BODY_SIZE }));
  router.use(translateBodyParserErrors);

  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  /**
   * Runs one store mutation as one audit event: `success` with the meta the
   * mutation returns, or `fail` with its error, which is rethrown.
   */
  async function audited<T>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    mutate: () => Promise<{ result: T; meta?: JsonObject }>,
  ): Promise<T> {
    const audit = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const { result, meta: outcome } = await mutate();
      await audit.success(outcome ? { meta: outcome } : undefined);
      return result;
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  }

  /** 404 unless the store exists and the caller may read it (no existence leak). */
  async function loadReadable(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Store> {
    const store = await database.getStore(id);
    if (
      !store ||
      !(await authorizer.can(storeReadPermission, store, credentials))
    ) {
      throw new NotFoundError(`No store with id ${id}`);
    }
    return store;
  }

  async function requirePermission(
    permission: ResourcePermission<'store'>,
    verb: string,
    store: Store,
    credentials: BackstageCredentials,
  ) {
    if (!(await authorizer.can(permission, store, credentials))) {
      throw new NotAllowedError(
        `You are not allowed to ${verb} store "${store.name}"; ask its owner (${store.owner}) or the platform team`,
      );
    }
  }

  async function announce(store: Store) {
    reconcileTrigger.enqueue(store.id);
    await changeNotifier.storeChanged(store);
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readiness', async (req, res) => {
    await credentialsOf(req);
    try {
      await options.databaseHealth.check();
    } catch (error) {
      throw new ServiceUnavailableError(
        `Database is not reachable: ${(error as Error).message}`,
      );
    }
    try {
      await options.clusterHealth.check();
    } catch (error) {
      throw new ServiceUnavailableError(
        `Kubernetes cluster is not reachable: ${(error as Error).message}`,
      );
    }
    res.json({ status: 'ok', database: 'ok', cluster: 'ok' });
  });

  router.get('/stores', async (req, res) => {
    const credentials = await credentialsOf(req);
    const access = await authorizer.readFilter(credentials);
    const query = parseInput(listStoresQuerySchema, req.query, 'query');
    const list = await database.listStores({
      owners: toArray(query.owner).map(normalizeEntityRef),
      phases: toArray(query.phase),
      text: query.q?.trim() || undefined,
      limit: query.limit,
      cursor: query.cursor,
      access,
    });
    res.json(list);
  });

  router.post('/stores', async (req, res) => {
    const credentials = await credentialsOf(req);
    const { dryRun } = parseInput(createQuerySchema, req.query, 'query');
    await authorizer.authorizeCreate(credentials);

    if (!isPlainObject(req.body)) {
      throw new InputError('Request body must be a JSON object');
    }
    const request = parseInput(
      createStoreRequestSchema,
      { ...req.body, plan: req.body.plan ?? config.defaultPlan },
      'body',
    );
    request.owner = normalizeEntityRef(request.owner);
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
    const idempotencyKey = req.get('Idempotency-Key');
    if (
      idempotencyKey !== undefined &&
      (idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH ||
        !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey))
    ) {
      throw new InputError(
        `Idempotency-Key must be 1-${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters without spaces`,
      );
    }
    const input = {
      request,
      namespace: `store-${request.name}`,
      createdBy: principalRef(credentials),
      idempotencyKey: idempotencyKey || undefined,
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
      const ctx = {
        store,
        namespace: store.namespace,
        plan,
        settings: config.settings,
      };
      const result: StoreDryRunResult = {
        store: {
          name: store.name,
          displayName: store.displayName,
          owner: store.owner,
          engine: store.engine,
          plan: store.plan,
          namespace: store.namespace,
          urls: engine.urls(ctx),
        },
        objects: redactSecrets(
          engine.stages(ctx).flatMap(stage => stage.objects),
        ),
      };
      res.json(result);
      return;
    }

    const { store, created } = await audited(
      req,
      'store-create',
      { name: request.name, owner: request.owner, plan: request.plan },
      async () => {
        const outcome = await database.createStore(input);
        if (outcome.created) {
          logger.info('Store requested', {
            storeId: outcome.store.id,
            name: outcome.store.name,
            owner: outcome.store.owner,
            createdBy: outcome.store.createdBy,
          });
          await announce(outcome.store);
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
  });

  router.get('/stores/:id', async (req, res) => {
    const credentials = await credentialsOf(req);
    res.json(await loadReadable(req.params.id, credentials));
  });

  router.delete('/stores/:id', async (req, res) => {
    const credentials = await credentialsOf(req);
    const existing = await loadReadable(req.params.id, credentials);
    await requirePermission(
      storeDeletePermission,
      'delete',
      existing,
      credentials,
    );
    const store = await audited(
      req,
      'store-delete',
      { storeId: existing.id, name: existing.name },
      async () => {
        const deleting = await database.markDeleting(
          existing.id,
          principalRef(credentials),
        );
        if (existing.phase !== 'deleting') {
          logger.info('Store deletion requested', {
            storeId: deleting.id,
            name: deleting.name,
          });
          await announce(deleting);
        }
        return { result: deleting };
      },
    );
    res.status(202).json(store);
  });

  router.post('/stores/:id/retry', async (req, res) => {
    const credentials = await credentialsOf(req);
    const existing = await loadReadable(req.params.id, credentials);
    await requirePermission(
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
    const store = await audited(
      req,
      'store-retry',
      { storeId: existing.id, name: existing.name },
      async () => {
        const retried = await database.markRetry(
          existing.id,
          principalRef(credentials),
        );
        logger.info('Store retry requested', {
          storeId: retried.id,
          name: retried.name,
        });
        await announce(retried);
        return { result: retried };
      },
    );
    res.status(202).json(store);
  });

  router.get('/stores/:id/events', async (req, res) => {
    const credentials = await credentialsOf(req);
    const store = await loadReadable(req.params.id, credentials);
    const query = parseInput(listEventsQuerySchema, req.query, 'query');
    res.json(
      await database.listEvents(store.id, {
        limit: query.limit,
        cursor: query.cursor,
      }),
    );
  });

  return router;
}

/** Parses with zod; every problem goes into one InputError message. */
function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: 'body' | 'query',
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map(issue => {
      const path = issue.path.join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    throw new InputError(`Invalid request ${where}: ${problems.join('; ')}`);
  }
  return result.data;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function listOrNone(names: string[]): string {
  return names.length ? names.join(', ') : '(none configured)';
}

/** The user behind the request, or the calling service when there is none. */
function principalRef(credentials: BackstageCredentials): string {
  const principal = credentials.principal as
    | { type: 'user'; userEntityRef: string }
    | { type: 'service'; subject: string };
  return principal.type === 'user'
    ? principal.userEntityRef
    : principal.subject;
}

import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { StoreEngine } from '@internal/plugin-stores-node';
import express from 'express';
import Router from 'express-promise-router';
import type { StoresDatabase } from '../database/StoresDatabase';
import type {
  HealthCheck,
  ReconcilerServices,
} from '../reconciler/ReconcilerService';
import { createOpenApiRouter } from '../schema/openapi.generated';
import type { StoreChangeNotifier, StoresConfig } from '../types';
import {
  MAX_BODY_SIZE,
  requireObjectBody,
  translateBodyParserErrors,
} from './requests';
import { listBackupsHandler, startBackupHandler } from './routes/backups';
import { createStoreHandler } from './routes/createStore';
import {
  getCredentialsHandler,
  rotateCredentialsHandler,
} from './routes/credentials';
import { listStoreEventsHandler } from './routes/events';
import { phaseCountsHandler, quotaUsageHandler } from './routes/fleet';
import { listOrphansHandler, restoreOrphansHandler } from './routes/orphans';
import {
  healthHandler,
  readinessHandler,
  readinessProbeHandler,
} from './routes/readiness';
import { createRouteContext } from './routes/RouteContext';
import { rolloutStatusHandler } from './routes/rollout';
import { updateStoreHandler } from './routes/updateStore';
import {
  deleteStoreHandler,
  resumeStoreHandler,
  retryStoreHandler,
  suspendStoreHandler,
} from './routes/storeChanges';
import { getStoreHandler, listStoresHandler } from './routes/stores';

export { MAX_BODY_SIZE } from './requests';

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
  databaseHealth: HealthCheck;
  engines: Map<string, StoreEngine>;
  /** The reconciler's side: its wake-up, readiness and what the cluster holds. */
  reconciler: ReconcilerServices;
  changeNotifier: StoreChangeNotifier;
  /**
   * Check every answer against the OpenAPI spec; one that does not match
   * becomes a 500 naming the difference. The plugin turns it on under Jest
   * only: it costs a schema check per answer.
   */
  validateResponses?: boolean;
}

/**
 * The stores REST API, validated against its OpenAPI spec
 * (../schema/openapi.yaml) before a handler runs: paths, methods, query
 * parameters and body shapes. Each route's handler lives in ./routes; they
 * share credentials, permission checks, auditing and change announcements
 * through one RouteContext.
 *
 * Adding a route: describe it in openapi.yaml, run
 * `node scripts/openapi-generate.mjs` (regenerates the typed router and the
 * clients' types), write its handler in ./routes and register it below.
 * router.openapi.test.ts fails until the spec and this list agree.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const ctx = createRouteContext(options);
  const router = Router();
  // Parsed before the spec's validator: its error handler would answer
  // every earlier failure as a 400 and lose body-parser's 413.
  router.use(
    express.json({ limit: MAX_BODY_SIZE }),
    translateBodyParserErrors,
    requireObjectBody,
  );
  const api = await createOpenApiRouter({
    // A no-op here: the body is parsed above.
    middleware: [express.json({ limit: MAX_BODY_SIZE })],
    validatorOptions: {
      // httpAuth checks tokens (the httpRouter's auth policies); the spec's
      // security only documents it.
      validateSecurity: false,
      validateResponses: options.validateResponses ?? false,
    },
  });
  router.use(api);

  api.get('/health', healthHandler);
  api.get('/ready', readinessProbeHandler(ctx));
  api.get('/readiness', readinessHandler(ctx));

  api.get('/stores', listStoresHandler(ctx));
  api.post('/stores', createStoreHandler(ctx));
  api.get('/stores/:id', getStoreHandler(ctx));
  api.patch('/stores/:id', updateStoreHandler(ctx));
  api.delete('/stores/:id', deleteStoreHandler(ctx));
  api.post('/stores/:id/retry', retryStoreHandler(ctx));
  api.post('/stores/:id/suspend', suspendStoreHandler(ctx));
  api.post('/stores/:id/resume', resumeStoreHandler(ctx));
  api.get('/stores/:id/credentials', getCredentialsHandler(ctx));
  api.post('/stores/:id/credentials/rotate', rotateCredentialsHandler(ctx));
  api.get('/stores/:id/backups', listBackupsHandler(ctx));
  api.post('/stores/:id/backups', startBackupHandler(ctx));
  api.get('/stores/:id/events', listStoreEventsHandler(ctx));
  api.get('/fleet/phases', phaseCountsHandler(ctx));
  api.get('/fleet/quota-usage', quotaUsageHandler(ctx));
  api.get('/orphans', listOrphansHandler(ctx));
  api.post('/orphans/restore', restoreOrphansHandler(ctx));
  api.get('/rollout', rolloutStatusHandler(ctx));

  return router;
}

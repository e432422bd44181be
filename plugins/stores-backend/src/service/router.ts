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
import type { OrphanAdmin } from '../reconciler/OrphanNamespaces';
import type {
  ClusterHealth,
  ReconcileTrigger,
  StoreChangeNotifier,
  StoresConfig,
} from '../types';
import { MAX_BODY_SIZE, translateBodyParserErrors } from './requests';
import { createStoreHandler } from './routes/createStore';
import { listStoreEventsHandler } from './routes/events';
import { listOrphansHandler, restoreOrphansHandler } from './routes/orphans';
import {
  healthHandler,
  readinessHandler,
  readinessProbeHandler,
} from './routes/readiness';
import { createRouteContext } from './routes/RouteContext';
import {
  deleteStoreHandler,
  getStoreHandler,
  listStoresHandler,
  retryStoreHandler,
} from './routes/stores';

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
  databaseHealth: { check(): Promise<void> };
  /**
   * The reconciler is running (not waiting for the database at start-up),
   * for `GET /readiness`; omitted where no reconciler is involved.
   */
  reconcilerHealth?: { check(): Promise<void> };
  clusterHealth: ClusterHealth;
  /** Orphaned store namespaces, for `GET /orphans` and the readiness answer. */
  orphans: OrphanAdmin;
  engines: Map<string, StoreEngine>;
  reconcileTrigger: ReconcileTrigger;
  changeNotifier: StoreChangeNotifier;
}

/**
 * The stores REST API. Each route's handler lives in ./routes; they share
 * credentials, permission checks, auditing and change announcements through
 * one RouteContext.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const ctx = createRouteContext(options);
  const router = Router();
  router.use(express.json({ limit: MAX_BODY_SIZE }));
  router.use(translateBodyParserErrors);

  router.get('/health', healthHandler);
  router.get('/ready', readinessProbeHandler(ctx));
  router.get('/readiness', readinessHandler(ctx));

  router.get('/stores', listStoresHandler(ctx));
  router.post('/stores', createStoreHandler(ctx));
  router.get('/stores/:id', getStoreHandler(ctx));
  router.delete('/stores/:id', deleteStoreHandler(ctx));
  router.post('/stores/:id/retry', retryStoreHandler(ctx));
  router.get('/stores/:id/events', listStoreEventsHandler(ctx));
  router.get('/orphans', listOrphansHandler(ctx));
  router.post('/orphans/restore', restoreOrphansHandler(ctx));

  return router;
}

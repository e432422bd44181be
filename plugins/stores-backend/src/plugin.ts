import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  storeOrphansManagePermission,
  storePermissions,
} from '@internal/plugin-stores-common';
import {
  readStoreAccessConfig,
  storesEngineExtensionPoint,
  type StoreEngine,
} from '@internal/plugin-stores-node';
import { readStoresConfig } from './config';
import { assertEnginesInstalled } from './engines';
import { ReconcilerService } from './reconciler';
import { KnexStoresDatabase } from './database/KnexStoresDatabase';
import { storePermissionRules, storeResourceRef } from './permissions';
import { createRouter } from './service/router';
import { DefaultStoreChangeNotifier } from './service/StoreChangeNotifier';

/**
 * The stores backend: REST API under /api/stores, the stores database and
 * the reconciler that provisions stores in Kubernetes.
 * Engines come from modules through {@link storesEngineExtensionPoint}.
 */
export const storesPlugin = createBackendPlugin({
  pluginId: 'stores',
  register(env) {
    const engines = new Map<string, StoreEngine>();
    env.registerExtensionPoint(storesEngineExtensionPoint, {
      addEngine(engine) {
        if (engines.has(engine.id)) {
          throw new Error(
            `A store engine with id "${engine.id}" is already registered`,
          );
        }
        engines.set(engine.id, engine);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        signals: signalsServiceRef,
        notifications: notificationService,
        events: eventsServiceRef,
        metrics: metricsServiceRef,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        scheduler,
        lifecycle,
        signals,
        notifications,
        events,
        metrics,
      }) {
        // Engines come only from modules: without one, no store can exist.
        assertEnginesInstalled(engines);
        // Fails start-up with a message naming the bad key.
        const storesConfig = readStoresConfig(config);
        const storesDatabase = await KnexStoresDatabase.create({ database });
        const changeNotifier = DefaultStoreChangeNotifier.create({
          signals,
          events,
          notifications,
          logger,
          access: readStoreAccessConfig(config),
        });

        permissionsRegistry.addResourceType({
          resourceRef: storeResourceRef,
          permissions: storePermissions,
          rules: Object.values(storePermissionRules),
          getResources: ids =>
            Promise.all(ids.map(id => storesDatabase.getStore(id))),
        });
        permissionsRegistry.addPermissions([storeOrphansManagePermission]);

        const reconciler = await ReconcilerService.create({
          config: storesConfig,
          database: storesDatabase,
          engines,
          notifier: changeNotifier,
          logger,
          scheduler,
          lifecycle,
          metrics,
        });

        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            permissions,
            permissionsRegistry,
            auditor,
            config: storesConfig,
            database: storesDatabase,
            databaseHealth: storesDatabase,
            engines,
            reconciler,
            changeNotifier,
            // Under Jest every answer of the real router is checked against
            // the spec, so a test through it fails when the two disagree.
            validateResponses: process.env.NODE_ENV === 'test',
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({ path: '/ready', allow: 'unauthenticated' });
        logger.info('Stores backend started', {
          engines: [...engines.keys()].join(', '),
        });
      },
    });
  },
});

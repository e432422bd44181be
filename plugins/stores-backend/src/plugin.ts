import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { storePermissions } from '@internal/plugin-stores-common';
import {
  storesEngineExtensionPoint,
  type StoreEngine,
} from '@internal/plugin-stores-node';
import { readStoresConfig } from './config';
import { WooCommerceEngine } from './engines/woocommerce';
import { KubernetesClient, KubernetesClusterHealth } from './kubernetes';
import { Reconciler } from './reconciler';
import { KnexStoresDatabase } from './database/KnexStoresDatabase';
import { storePermissionRules, storeResourceRef } from './permissions';
import { createRouter } from './service/router';
import { DefaultStoreChangeNotifier } from './service/StoreChangeNotifier';
import {
  NoReconcilerTrigger,
  ReconcilerNotConfiguredHealth,
} from './service/notConfigured';
import type { ClusterHealth, ReconcileTrigger } from './types';

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
        events: eventsServiceRef,
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
        events,
      }) {
        // Fails start-up with a message naming the bad key.
        const storesConfig = readStoresConfig(config);
        const storesDatabase = await KnexStoresDatabase.create({ database });
        const changeNotifier = DefaultStoreChangeNotifier.create({
          signals,
          events,
          logger,
        });

        permissionsRegistry.addResourceType({
          resourceRef: storeResourceRef,
          permissions: storePermissions,
          rules: Object.values(storePermissionRules),
          getResources: ids =>
            Promise.all(ids.map(id => storesDatabase.getStore(id))),
        });

        // ── RECONCILER ───────────────────────────────────────────────────
        // The WooCommerce engine ships with the plugin; a module may add others.
        if (!engines.has('woocommerce')) {
          const woocommerce = WooCommerceEngine.create();
          engines.set(woocommerce.id, woocommerce);
        }
        let reconcileTrigger: ReconcileTrigger = new NoReconcilerTrigger();
        let clusterHealth: ClusterHealth = new ReconcilerNotConfiguredHealth();
        if (storesConfig.reconciler.enabled) {
          const kube = await KubernetesClient.create({
            cluster: storesConfig.cluster,
            logger,
          });
          const reconciler = Reconciler.create({
            config: storesConfig,
            database: storesDatabase,
            engines,
            notifier: changeNotifier,
            logger,
            scheduler,
            kube,
          });
          reconcileTrigger = reconciler;
          clusterHealth = KubernetesClusterHealth.create({ client: kube });
          // In the background: the API serves while the watch caches fill
          // (passes wait for them), and an unreachable cluster shows in
          // the readiness route instead of blocking start-up.
          reconciler
            .start()
            .catch(error =>
              logger.error('Stores reconciler failed to start', error),
            );
          lifecycle.addShutdownHook(() => reconciler.stop());
        }
        // ─────────────────────────────────────────────────────────────────

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
            clusterHealth,
            engines,
            reconcileTrigger,
            changeNotifier,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info('Stores backend started', {
          engines: [...engines.keys()].join(', ') || '(none)',
        });
      },
    });
  },
});

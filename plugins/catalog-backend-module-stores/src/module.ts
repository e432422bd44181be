import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { storesServiceRef } from '@internal/plugin-stores-node';
import { StoreEntityProvider } from './provider/StoreEntityProvider';

/**
 * Catalog module that makes every live store a `Resource` entity, read
 * through the stores backend's API with the catalog's own service
 * credentials (see {@link StoreEntityProvider}).
 */
export const catalogModuleStores = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'stores',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        lifecycle: coreServices.lifecycle,
        events: eventsServiceRef,
        stores: storesServiceRef,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        discovery,
        lifecycle,
        events,
        stores,
      }) {
        const provider = StoreEntityProvider.fromConfig(config, {
          stores,
          logger,
          scheduler,
          discovery,
          events,
        });
        catalog.addEntityProvider(provider);
        // After start-up the stores API answers; catch up on what changed
        // while the portal was down, without holding up the start-up.
        lifecycle.addStartupHook(() => {
          void provider.refreshAfterStartup();
        });
      },
    });
  },
});

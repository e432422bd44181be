import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { StoresClient, storesApiRef } from './api';
import { createStoreTemplateRouteRef, rootRouteRef } from './routes';

/**
 * The stores plugin for the legacy frontend system. The new frontend system
 * uses `@internal/plugin-stores/alpha`.
 *
 * @public
 */
export const storesPlugin = createPlugin({
  id: 'stores',
  apis: [
    createApiFactory({
      api: storesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new StoresClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
  externalRoutes: { createStoreTemplate: createStoreTemplateRouteRef },
});

/** The stores page (mount it at `/stores`). @public */
export const StoresPage = storesPlugin.provide(
  createRoutableExtension({
    name: 'StoresPage',
    component: () => import('./components/StoresPage').then(m => m.StoresPage),
    mountPoint: rootRouteRef,
  }),
);

/** Status card for a store's entity page. @public */
export const EntityStoreStatusCard = storesPlugin.provide(
  createComponentExtension({
    name: 'EntityStoreStatusCard',
    component: {
      lazy: () =>
        import('./components/EntityStoreStatusCard').then(
          m => m.EntityStoreStatusCard,
        ),
    },
  }),
);

/** Backups card for a store's entity page. @public */
export const EntityStoreBackupsCard = storesPlugin.provide(
  createComponentExtension({
    name: 'EntityStoreBackupsCard',
    component: {
      lazy: () =>
        import('./components/StoreBackupsCard').then(
          m => m.EntityStoreBackupsCard,
        ),
    },
  }),
);

/** Events tab content for a store's entity page. @public */
export const EntityStoreEventsContent = storesPlugin.provide(
  createComponentExtension({
    name: 'EntityStoreEventsContent',
    component: {
      lazy: () =>
        import('./components/StoreEventsContent').then(
          m => m.StoreEventsContent,
        ),
    },
  }),
);

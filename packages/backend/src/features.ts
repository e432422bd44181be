/**
 * The portal's backend features: catalog, scaffolder, Kubernetes, signals,
 * notifications and permissions, plus the stores plugins that this repository provides. Kept
 * apart from index.ts so that tests can start the same set.
 */
export const backendFeatures = [
  import('@backstage/plugin-app-backend'),

  // Sign-in. Guest sign-in is for local use only (see app-config.yaml).
  import('@backstage/plugin-auth-backend'),
  import('@backstage/plugin-auth-backend-module-guest-provider'),

  import('@backstage/plugin-catalog-backend'),
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
  import('@backstage/plugin-catalog-backend-module-logs'),
  import('@internal/plugin-catalog-backend-module-stores'),

  import('@backstage/plugin-scaffolder-backend'),
  import('@internal/plugin-scaffolder-backend-module-stores'),

  import('@backstage/plugin-permission-backend'),
  // Stores for their owners and the admin group (docs/permissions.md).
  import('@internal/plugin-permission-backend-module-stores-policy'),

  import('@backstage/plugin-kubernetes-backend'),
  import('@backstage/plugin-signals-backend'),
  // Tells store owners when their store is ready, fails, degrades or goes.
  import('@backstage/plugin-notifications-backend'),
  // Carries store-changed events from the stores backend to the catalog
  // module, also across backend replicas.
  import('@backstage/plugin-events-backend'),
  import('@backstage/plugin-user-settings-backend'),

  // The stores plugin: REST API, database and reconciler, and its engines.
  import('@internal/plugin-stores-backend'),
  import('@internal/plugin-stores-backend-module-woocommerce'),
  import('@internal/plugin-stores-backend-module-medusa'),
];

import type { BackendFeature } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import { chartServiceAccount } from '@internal/plugin-stores-test-utils';

/**
 * The stores backend the integration tests start (the real plugin and its
 * WooCommerce engine module), with the `stores:` config it needs. Stores are
 * only recorded unless a test enables the reconciler against a cluster (see
 * clusterStoresConfig).
 */
export const storesBackendForTests: {
  features: Array<Promise<{ default: BackendFeature }>>;
  config: JsonObject;
} = {
  // Tests only: the integration tests start the real stores backend.
  features: [
    // eslint-disable-next-line @backstage/no-mixed-plugin-imports
    import('@internal/plugin-stores-backend'),
    import('@internal/plugin-stores-backend-module-woocommerce'),
  ],
  config: {
    stores: {
      baseDomain: 'stores.localhost',
      scheme: 'http',
      reconciler: { enabled: false },
    },
  },
};

/**
 * `stores:` config that provisions stores in the test cluster (KUBECONFIG),
 * talking to it as the chart's ServiceAccount (its ClusterRole and admission
 * policy), not as the cluster admin.
 */
export async function clusterStoresConfig(): Promise<JsonObject> {
  const { kubeconfigPath } = await chartServiceAccount();
  return {
    stores: {
      cluster: { kubeconfigPath },
      storageClassName: 'kwok-volume',
      reconciler: { enabled: true, resyncIntervalSeconds: 30 },
    },
  };
}

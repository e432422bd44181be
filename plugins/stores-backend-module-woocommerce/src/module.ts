import { createBackendModule } from '@backstage/backend-plugin-api';
import { storesEngineExtensionPoint } from '@internal/plugin-stores-node';
import { WooCommerceEngine } from './engine';

/**
 * Adds the WooCommerce engine (`engine: woocommerce`) to the stores backend
 * through its engine extension point.
 */
export const storesModuleWooCommerce = createBackendModule({
  pluginId: 'stores',
  moduleId: 'woocommerce',
  register(env) {
    env.registerInit({
      deps: { engines: storesEngineExtensionPoint },
      async init({ engines }) {
        engines.addEngine(WooCommerceEngine.create());
      },
    });
  },
});

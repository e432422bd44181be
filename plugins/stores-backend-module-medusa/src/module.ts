import { createBackendModule } from '@backstage/backend-plugin-api';
import { storesEngineExtensionPoint } from '@internal/plugin-stores-node';
import { MedusaEngine } from './engine';

/**
 * Adds the Medusa engine (`engine: medusa`) to the stores backend through
 * its engine extension point.
 */
export const storesModuleMedusa = createBackendModule({
  pluginId: 'stores',
  moduleId: 'medusa',
  register(env) {
    env.registerInit({
      deps: { engines: storesEngineExtensionPoint },
      async init({ engines }) {
        engines.addEngine(MedusaEngine.create());
      },
    });
  },
});

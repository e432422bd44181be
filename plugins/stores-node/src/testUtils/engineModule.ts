import { createBackendModule } from '@backstage/backend-plugin-api';
import type { StoreEngine } from '../engine';
import { storesEngineExtensionPoint } from '../extensions';

/**
 * A backend module that gives the stores plugin one engine of a test's own
 * (the plugin refuses to start without an engine), for tests that start a
 * backend without the real engine modules.
 */
export function engineTestModule(engine: StoreEngine, moduleId: string) {
  return createBackendModule({
    pluginId: 'stores',
    moduleId,
    register: env =>
      env.registerInit({
        deps: { engines: storesEngineExtensionPoint },
        init: async ({ engines }) => engines.addEngine(engine),
      }),
  });
}

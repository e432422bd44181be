import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { storesServiceRef } from '@internal/plugin-stores-node';
import {
  createStoreCreateAction,
  createStoreDeleteAction,
  createStoreUpdateAction,
  createStoreWaitAction,
} from './actions';

/**
 * Adds the stores:create, stores:wait, stores:update and stores:delete actions to the
 * scaffolder. The actions reach the stores backend over its REST API with the
 * credentials of the user who runs the template.
 */
export const scaffolderModuleStores = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'stores',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        stores: storesServiceRef,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ scaffolder, stores, config, logger }) {
        scaffolder.addActions(
          createStoreCreateAction({ stores, config, logger }),
          createStoreWaitAction({ stores, logger }),
          createStoreDeleteAction({ stores, logger }),
          createStoreUpdateAction({ stores, logger }),
        );
      },
    });
  },
});

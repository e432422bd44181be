import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { readStoreAccessConfig } from '@internal/plugin-stores-node';
import { StoresPermissionPolicy } from './StoresPermissionPolicy';

/**
 * Installs {@link StoresPermissionPolicy} as the permission backend's
 * policy, configured by `stores.access`.
 */
export const permissionModuleStoresPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'stores-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        policy: policyExtensionPoint,
      },
      async init({ config, userInfo, policy }) {
        policy.setPolicy(
          StoresPermissionPolicy.create({
            // Fails start-up on a bad value rather than guessing access.
            access: readStoreAccessConfig(config),
            userInfo,
          }),
        );
      },
    });
  },
});

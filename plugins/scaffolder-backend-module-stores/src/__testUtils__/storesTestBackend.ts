import {
  coreServices,
  createServiceFactory,
  type BackstageUserPrincipal,
  type PermissionsService,
  type PermissionsServiceRequestOptions,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type AuthorizePermissionRequest,
  type AuthorizePermissionResponse,
  type Permission,
  type QueryPermissionRequest,
  type QueryPermissionResponse,
} from '@backstage/plugin-permission-common';
import { storeCreatePermission } from '@internal/plugin-stores-common';
import type { JsonObject } from '@backstage/types';
import { testClusterStoresConfig } from '@internal/plugin-stores-test-utils';
import { scaffolderModuleStores } from '../module';

/** Users the test policy knows. */
export const ALLOWED_USER = 'user:default/alice';
export const DENIED_USER = 'user:default/mallory';

/**
 * The permission policy of the tests: everything is allowed, except that
 * DENIED_USER may not create stores.
 *
 * It is given to every plugin as its permissions service instead of going
 * through @backstage/plugin-permission-backend: the test backend's mock auth
 * drops the "actor" of on-behalf-of tokens, so the real permission backend
 * takes a plugin asking for its user as a direct user request and refuses
 * the scaffolder's resource permission checks. Each plugin still asks the
 * same questions through the same PermissionsService API.
 */
class TestPolicyPermissions implements PermissionsService {
  async authorize(
    requests: AuthorizePermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): Promise<AuthorizePermissionResponse[]> {
    return requests.map(r => ({ result: decide(r.permission, options) }));
  }

  async authorizeConditional(
    requests: QueryPermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): Promise<QueryPermissionResponse[]> {
    return requests.map(r => ({ result: decide(r.permission, options) }));
  }
}

function decide(
  permission: Permission,
  { credentials }: PermissionsServiceRequestOptions,
): AuthorizeResult.ALLOW | AuthorizeResult.DENY {
  const principal = credentials.principal as { type?: string };
  const user =
    principal.type === 'user'
      ? (principal as BackstageUserPrincipal).userEntityRef
      : undefined;
  if (permission.name === storeCreatePermission.name && user === DENIED_USER) {
    return AuthorizeResult.DENY;
  }
  return AuthorizeResult.ALLOW;
}

const testPermissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => new TestPolicyPermissions(),
});

/** `stores:` config: a cluster when one is given, else no reconciler at all. */
export function storesConfig(kubeconfigPath?: string): JsonObject {
  return {
    baseDomain: 'stores.test',
    scheme: 'http',
    ...(kubeconfigPath
      ? testClusterStoresConfig(kubeconfigPath)
      : { reconciler: { enabled: false } }),
  };
}

/**
 * A real backend: the scaffolder, the stores backend with both engine
 * modules (WooCommerce and Medusa) and this module, with
 * the test permission policy. The catalog is an in-memory one
 * holding the repository's templates, as if read from their files.
 */
export async function startStoresTestBackend(options: {
  templates: Entity[];
  stores: JsonObject;
}) {
  return startTestBackend({
    features: [
      import('@backstage/plugin-scaffolder-backend'),
      // eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the real stores backend, started for the test
      import('@internal/plugin-stores-backend'),
      import('@internal/plugin-stores-backend-module-woocommerce'),
      import('@internal/plugin-stores-backend-module-medusa'),
      scaffolderModuleStores,
      testPermissionsFactory,
      catalogServiceMock.factory({ entities: options.templates }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          stores: options.stores,
        },
      }),
    ],
  });
}

import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  storeAssignOwnerPermission,
  storeBackupPermission,
  storeCreatePermission,
  storeCredentialsReadPermission,
  storeDeletePermission,
  storeReadPermission,
  storeUpdatePermission,
} from '@internal/plugin-stores-common';
import type { StoreAccessConfig } from '@internal/plugin-stores-node';
import { StoresPermissionPolicy } from './StoresPermissionPolicy';

const JANE = 'user:default/jane';
const ADA = 'user:default/ada';

/** jane is in Shop-Team (spelled as a token might), ada in the admin group. */
const userInfo = {
  async getUserInfo(credentials: any) {
    const user = credentials.principal.userEntityRef;
    return {
      userEntityRef: user,
      ownershipEntityRefs:
        user === ADA
          ? [ADA, 'group:default/platform-team']
          : [user, 'group:default/Shop-Team'],
    };
  },
};

function policy(access: StoreAccessConfig) {
  return StoresPermissionPolicy.create({ access, userInfo });
}

function decide(
  access: StoreAccessConfig,
  permission: Parameters<StoresPermissionPolicy['handle']>[0]['permission'],
  user = JANE,
) {
  const credentials = mockCredentials.user(user);
  return policy(access).handle(
    { permission },
    { credentials, info: { userEntityRef: user, ownershipEntityRefs: [] } },
  );
}

const ownerCondition = {
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'stores',
  resourceType: 'store',
  conditions: {
    rule: 'IS_STORE_OWNER',
    resourceType: 'store',
    params: { owners: [JANE, 'group:default/shop-team'] },
  },
};

const owners: StoreAccessConfig = {
  read: 'owners',
  adminGroup: 'group:default/platform-team',
};
const all: StoreAccessConfig = { ...owners, read: 'all' };

/** Every permission on a store that exists or is being given an owner. */
const STORE_PERMISSIONS = [
  storeReadPermission,
  storeCredentialsReadPermission,
  storeBackupPermission,
  storeUpdatePermission,
  storeDeletePermission,
  storeAssignOwnerPermission,
];

describe('StoresPermissionPolicy', () => {
  it('limits changes, owner choice and (with owners) reads to the user and their groups, normalized', async () => {
    for (const permission of STORE_PERMISSIONS) {
      expect(await decide(owners, permission)).toEqual(ownerCondition);
    }
  });

  it('with read mode all allows every read, and nothing more', async () => {
    expect(await decide(all, storeReadPermission)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await decide(all, storeDeletePermission)).toEqual(ownerCondition);
    // The admin password is not a read of the store: owners only.
    expect(await decide(all, storeCredentialsReadPermission)).toEqual(
      ownerCondition,
    );
    expect(await decide(all, storeAssignOwnerPermission)).toEqual(
      ownerCondition,
    );
    // A backup holds all of the store's data: owners only.
    expect(await decide(all, storeBackupPermission)).toEqual(ownerCondition);
  });

  it('allows everyone to create stores (the owner is judged apart)', async () => {
    expect(await decide(owners, storeCreatePermission)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('allows the admin group everything', async () => {
    for (const permission of STORE_PERMISSIONS) {
      expect(await decide(owners, permission, ADA)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('has no admins without an admin group', async () => {
    expect(
      await decide({ read: 'owners' }, storeDeletePermission, ADA),
    ).toMatchObject({ result: AuthorizeResult.CONDITIONAL });
  });

  it('keeps other stores permissions, not about one store, for admins', async () => {
    const orphans = createPermission({
      name: 'stores.orphans.manage',
      attributes: { action: 'update' },
    });
    expect(await decide(owners, orphans)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await decide(owners, orphans, ADA)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('denies store permissions without a user', async () => {
    expect(
      await policy(owners).handle({ permission: storeReadPermission }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('allows the permissions of other plugins', async () => {
    const catalogDelete = createPermission({
      name: 'catalog.entity.delete',
      attributes: { action: 'delete' },
      resourceType: 'catalog-entity',
    });
    const kubernetesResources = createPermission({
      name: 'kubernetes.resources.read',
      attributes: { action: 'read' },
    });
    for (const permission of [catalogDelete, kubernetesResources]) {
      expect(await decide(owners, permission)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it("gives the Kubernetes proxy (the portal's own account) to admins only", async () => {
    const kubernetesProxy = createPermission({
      name: 'kubernetes.proxy',
      attributes: {},
    });
    expect(await decide(owners, kubernetesProxy)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await decide(owners, kubernetesProxy, ADA)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(
      await policy(owners).handle({ permission: kubernetesProxy }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });
});

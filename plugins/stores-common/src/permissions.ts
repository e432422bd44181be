import {
  createPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/** Resource type of stores in the permission framework. */
export const STORE_RESOURCE_TYPE = 'store';

/** A permission checked against one store. */
function storePermission(
  name: `stores.store.${string}`,
  action: 'create' | 'read' | 'update' | 'delete',
): ResourcePermission<typeof STORE_RESOURCE_TYPE> {
  return createPermission({
    name,
    attributes: { action },
    resourceType: STORE_RESOURCE_TYPE,
  });
}

/** Create a store. Not tied to a resource: the store does not exist yet. */
export const storeCreatePermission = createPermission({
  name: 'stores.store.create',
  attributes: { action: 'create' },
});

/**
 * Give a new store this owner. Checked after {@link storeCreatePermission},
 * against the requested store (not yet created: its owner, name, engine and
 * plan), so a policy can limit whom people create stores for, e.g. with
 * IS_STORE_OWNER on the caller's own ownership refs.
 */
export const storeAssignOwnerPermission = storePermission(
  'stores.store.owner.assign',
  'create',
);

/** See a store, its status and its events. */
export const storeReadPermission = storePermission('stores.store.read', 'read');

/**
 * See the store's admin user name and password (`GET
 * /stores/:id/credentials`); with {@link storeUpdatePermission} also rotate
 * the password. Checked after {@link storeReadPermission}.
 */
export const storeCredentialsReadPermission = storePermission(
  'stores.store.credentials.read',
  'read',
);

/**
 * Take a backup of the store now (`POST /stores/:id/backups`) and restore
 * its backups into a new store (`POST /stores` with `fromBackup`): a backup
 * holds all of the store's data, so this is for its owners. Checked after
 * {@link storeReadPermission}; listing the backups needs read only.
 */
export const storeBackupPermission = storePermission(
  'stores.store.backup',
  'update',
);

/** Retry a failed store. */
export const storeUpdatePermission = storePermission(
  'stores.store.update',
  'update',
);

/** Delete a store and everything of it in the cluster. */
export const storeDeletePermission = storePermission(
  'stores.store.delete',
  'delete',
);

/**
 * See and repair orphaned store namespaces (`GET /orphans`, `POST
 * /orphans/restore`): namespaces of this portal whose store the database
 * does not know. Meant for the platform team only; not tied to a store.
 */
export const storeOrphansManagePermission = createPermission({
  name: 'stores.orphans.manage',
  attributes: { action: 'update' },
});

export const storePermissions = [
  storeCreatePermission,
  storeAssignOwnerPermission,
  storeReadPermission,
  storeCredentialsReadPermission,
  storeBackupPermission,
  storeUpdatePermission,
  storeDeletePermission,
];

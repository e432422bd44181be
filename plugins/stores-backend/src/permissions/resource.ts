import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  STORE_RESOURCE_TYPE,
  type Store,
} from '@internal/plugin-stores-common';
import type { StoreOwnerQuery } from '../database/StoresDatabase';

/** The `store` resource type of the `stores` plugin. */
export const storeResourceRef = createPermissionResourceRef<
  Store,
  StoreOwnerQuery
>().with({ pluginId: 'stores', resourceType: STORE_RESOURCE_TYPE });

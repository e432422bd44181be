import { usePermission } from '@backstage/plugin-permission-react';
import {
  storeDeletePermission,
  storeUpdatePermission,
} from '@internal/plugin-stores-common';

export interface StoreActionPermissions {
  canDelete: boolean;
  canRetry: boolean;
  loading: boolean;
}

/** What the signed-in user may do with one store (resourceRef = store id). */
export function useStoreActionPermissions(
  storeId: string,
): StoreActionPermissions {
  const del = usePermission({
    permission: storeDeletePermission,
    resourceRef: storeId,
  });
  const update = usePermission({
    permission: storeUpdatePermission,
    resourceRef: storeId,
  });
  return {
    canDelete: del.allowed,
    canRetry: update.allowed,
    loading: del.loading || update.loading,
  };
}

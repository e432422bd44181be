import PauseIcon from '@material-ui/icons/PauseCircleOutline';
import PlayIcon from '@material-ui/icons/PlayCircleOutline';
import { useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  storeUpdatePermission,
  type Store,
} from '@internal/plugin-stores-common';
import { storesApiRef } from '../../api';
import { PermissionedButton } from '../PermissionedButton';

/** What the store can be asked to do: suspend a running one, resume a suspended one. */
function actionFor(store: Store): 'suspend' | 'resume' | undefined {
  if (store.phase === 'suspended') {
    return 'resume';
  }
  return ['ready', 'degraded'].includes(store.phase) ? 'suspend' : undefined;
}

export interface SuspendResumeButtonsProps {
  store: Store;
  /** Called with the store as the backend answered the request. */
  onStoreChanged?: (store: Store) => void;
}

/**
 * Suspend (a ready or degraded store: its workloads scale to zero, its data
 * stays) or Resume (a suspended store), for users holding
 * `stores.store.update` on the store; others see the button disabled with
 * the reason. Nothing shows in the phases where neither applies.
 */
export const SuspendResumeButtons = ({
  store,
  onStoreChanged,
}: SuspendResumeButtonsProps) => {
  const storesApi = useApi(storesApiRef);
  const alertApi = useApi(alertApiRef);
  const permission = usePermission({
    permission: storeUpdatePermission,
    resourceRef: store.id,
  });
  const [busy, setBusy] = useState(false);

  const action = actionFor(store);
  if (!action) {
    return null;
  }

  const run = async () => {
    setBusy(true);
    try {
      const updated =
        action === 'suspend'
          ? await storesApi.suspendStore(store.id)
          : await storesApi.resumeStore(store.id);
      onStoreChanged?.(updated);
    } catch (error) {
      alertApi.post({
        message: `Could not ${action} store ${store.name}: ${
          (error as Error).message
        }`,
        severity: 'error',
        display: 'transient',
      });
    } finally {
      setBusy(false);
    }
  };

  const label = action === 'suspend' ? 'Suspend' : 'Resume';
  return (
    <PermissionedButton
      size="small"
      startIcon={action === 'suspend' ? <PauseIcon /> : <PlayIcon />}
      disabled={busy || permission.loading}
      disabledReason={
        !permission.loading && !permission.allowed
          ? `You are not allowed to ${action} this store`
          : undefined
      }
      title={
        action === 'suspend'
          ? 'Scale the store to zero; its data is kept'
          : 'Bring the store back'
      }
      onClick={run}
    >
      {busy ? `${label.slice(0, -1)}ing…` : label}
    </PermissionedButton>
  );
};

import PauseIcon from '@material-ui/icons/PauseCircleOutline';
import PlayIcon from '@material-ui/icons/PlayCircleOutline';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  storeUpdatePermission,
  type Store,
} from '@internal/plugin-stores-common';
import { storesApiRef } from '../../api';
import { useStoreAction } from '../../hooks/useStoreAction';
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
  const permission = usePermission({
    permission: storeUpdatePermission,
    resourceRef: store.id,
  });
  const { busy, run: runAction } = useStoreAction<'suspend' | 'resume'>(store);

  const action = actionFor(store);
  if (!action) {
    return null;
  }

  const run = () =>
    runAction(action, async () => {
      const updated =
        action === 'suspend'
          ? await storesApi.suspendStore(store.id)
          : await storesApi.resumeStore(store.id);
      onStoreChanged?.(updated);
    });

  const label = action === 'suspend' ? 'Suspend' : 'Resume';
  return (
    <PermissionedButton
      size="small"
      startIcon={action === 'suspend' ? <PauseIcon /> : <PlayIcon />}
      disabled={busy !== undefined || permission.loading}
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

import { useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import type { Store } from '@internal/plugin-stores-common';

/**
 * A change of one store asked for from a button (retry, delete, suspend,
 * resume): `busy` names the action running, and a failure of `change` is
 * shown as a transient error alert naming the store.
 */
export function useStoreAction<Action extends string>(store: Store) {
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState<Action | undefined>();

  const run = async (action: Action, change: () => Promise<void>) => {
    setBusy(action);
    try {
      await change();
    } catch (error) {
      alertApi.post({
        message: `Could not ${action} store ${store.name}: ${
          (error as Error).message
        }`,
        severity: 'error',
        display: 'transient',
      });
    } finally {
      setBusy(undefined);
    }
  };

  return { busy, run };
}

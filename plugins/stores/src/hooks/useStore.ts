import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { storesApiRef } from '../api';
import { useStoreChanges } from './useStoreChanges';

/**
 * One store, kept current: refetched when a signal names it (or on every
 * poll when signals are off).
 */
export function useStore(
  storeId: string | undefined,
  options: { pollIntervalMs?: number } = {},
) {
  const storesApi = useApi(storesApiRef);
  const state = useAsyncRetry(
    async () => (storeId ? storesApi.getStore(storeId) : undefined),
    [storesApi, storeId],
  );
  useStoreChanges(signal => {
    if (storeId && (!signal || signal.storeId === storeId)) {
      state.retry();
    }
  }, options);
  return state;
}

import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { storesApiRef } from '../api';
import { useStoreChanges } from './useStoreChanges';

/**
 * One store, kept current: refetched when a signal names it (at most once per
 * coalescing window), or on every poll while signals do not arrive.
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
  useStoreChanges(changes => {
    if (storeId && (!changes || changes.some(c => c.storeId === storeId))) {
      state.retry();
    }
  }, options);
  return state;
}

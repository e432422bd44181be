import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { storesApiRef } from '../api';

/**
 * How many stores the user can see in all, asked only when `enabled` (the
 * "Mine" list came back empty), so the page can tell "you own none" apart
 * from "there are none". Undefined while unknown or on error.
 */
export function useOtherStoresCount(enabled: boolean): number | undefined {
  const storesApi = useApi(storesApiRef);
  const { value } = useAsync(async () => {
    if (!enabled) {
      return undefined;
    }
    const { totalCount } = await storesApi.listStores({ limit: 1 });
    return totalCount;
  }, [storesApi, enabled]);
  return enabled ? value : undefined;
}

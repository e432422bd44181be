import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type {
  PhaseCountsQuery,
  Store,
  StorePhaseCounts,
  StoreQuotaUsage,
} from '@internal/plugin-stores-common';
import { storesApiRef } from '../api';

/**
 * What the page shows of its stores, as a string: it changes when a store
 * comes, goes or changes (an empty page is the same string on every render,
 * unlike its array).
 */
function versionOf(stores: Store[]): string {
  return stores.map(s => `${s.id}@${s.updatedAt}:${s.phase}`).join(',');
}

/**
 * The phase counts under the page's owner and text filters, fetched again
 * whenever `stores` (the page as last fetched or changed) changes, so the
 * counts move with the cards.
 */
export function usePhaseCounts(
  query: PhaseCountsQuery | undefined,
  stores: Store[],
): { counts?: StorePhaseCounts; error?: Error } {
  const storesApi = useApi(storesApiRef);
  const key = JSON.stringify(query ?? null);
  const { value, error } = useAsync(
    async () => (query ? storesApi.countStoresByPhase(query) : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, versionOf(stores)],
  );
  return { counts: value, error };
}

/** How often the page looks at its stores' quota usage again. */
export const QUOTA_REFRESH_MS = 30_000;

/**
 * The quota usage of the stores on the page, in one request, by store id;
 * fetched again when the page changes and every `refreshMs`. Empty while unknown or when the
 * backend cannot tell (no reconciler): usage is extra, never an error.
 */
export function useQuotaUsages(
  stores: Store[],
  refreshMs = QUOTA_REFRESH_MS,
): Map<string, StoreQuotaUsage> {
  const storesApi = useApi(storesApiRef);
  const ids = stores.map(s => s.id);
  // Usage moves without the store changing (pods come and go, the quota
  // controller counts them a moment later): looked at again now and then.
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick(n => n + 1), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);
  const { value } = useAsync(async () => {
    if (ids.length === 0) {
      return [];
    }
    try {
      return await storesApi.getQuotaUsage(ids);
    } catch {
      return [];
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [versionOf(stores), tick]);
  return useMemo(
    () => new Map((value ?? []).map(usage => [usage.storeId, usage])),
    [value],
  );
}

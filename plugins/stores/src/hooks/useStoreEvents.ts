import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { StoreEvent } from '@internal/plugin-stores-common';
import { storesApiRef } from '../api';
import { useStoreChanges } from './useStoreChanges';

/** One page of a store's events, cursor-paged, refreshed on changes. */
export function useStoreEvents(
  storeId: string | undefined,
  options: { pageSize: number; pollIntervalMs?: number },
) {
  const storesApi = useApi(storesApiRef);
  const [cursors, setCursors] = useState<Array<string | undefined>>([
    undefined,
  ]);
  const [page, setPage] = useState(0);
  const [items, setItems] = useState<StoreEvent[] | undefined>();
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [reloads, setReloads] = useState(0);
  const seqRef = useRef(0);
  const cursor = cursors[page];

  useEffect(() => {
    if (!storeId) {
      return;
    }
    const seq = ++seqRef.current;
    storesApi
      .listStoreEvents(storeId, { limit: options.pageSize, cursor })
      .then(
        list => {
          if (seq === seqRef.current) {
            setItems(list.items);
            setNextCursor(list.nextCursor);
            setError(undefined);
          }
        },
        e => {
          if (seq === seqRef.current) {
            setError(e);
          }
        },
      );
  }, [storesApi, storeId, options.pageSize, cursor, reloads]);

  useStoreChanges(
    changes => {
      if (!changes || changes.some(c => c.storeId === storeId)) {
        setReloads(n => n + 1);
      }
    },
    { pollIntervalMs: options.pollIntervalMs },
  );

  const nextPage = useCallback(() => {
    if (!nextCursor) {
      return;
    }
    setCursors(current => [...current.slice(0, page + 1), nextCursor]);
    setPage(p => p + 1);
  }, [nextCursor, page]);

  const previousPage = useCallback(() => setPage(p => Math.max(0, p - 1)), []);

  return {
    items,
    page,
    hasNextPage: !!nextCursor,
    error,
    loading: !items && !error,
    nextPage,
    previousPage,
  };
}

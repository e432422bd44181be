import { useCallback, useEffect, useRef, useState } from 'react';
import type { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  storeEntityRef,
  type ListStoresQuery,
  type Store,
  type StoreChangedSignal,
} from '@internal/plugin-stores-common';
import { storesApiRef } from '../api';
import { isEntityOfStore } from '../lib/storeEntity';
import type { StoreChanges } from './useStoreChanges';

/** The filters that select which stores the page lists. */
export interface StoresQuery {
  /** Owner refs to restrict to; all stores the user may see when undefined. */
  owner?: string[];
  phase?: ListStoresQuery['phase'];
  q?: string;
  pageSize: number;
}

export interface StoresPageState {
  stores: Store[];
  /** Catalog entities by store id; a store not yet in the catalog has none. */
  entities: Map<string, Entity>;
  totalCount: number;
  page: number;
  hasNextPage: boolean;
  /** True until the first page has arrived. */
  loading: boolean;
  /** True while any request for the page runs. */
  fetching: boolean;
  error?: Error;
  /** Why the catalog part could not be loaded; the stores still show. */
  catalogError?: Error;
  nextPage(): void;
  previousPage(): void;
  /** Refetches the current page, keeping what is shown until it arrives. */
  refresh(): void;
  /**
   * Applies changes from `useStoreChanges`: refetches each store named when
   * all of them can be updated in place, otherwise the page, once.
   */
  applyChanges(changes: StoreChanges): void;
  /** Replaces one store with the version the backend just returned. */
  replaceStore(store: Store): void;
}

interface Paging {
  key: string;
  page: number;
  cursors: Array<string | undefined>;
}

function firstPage(key: string): Paging {
  return { key, page: 0, cursors: [undefined] };
}

interface PageData {
  stores: Store[];
  entities: Map<string, Entity>;
  totalCount: number;
  nextCursor?: string;
  catalogError?: Error;
}

/**
 * One page of stores from the stores backend (cursor paging, so `totalCount`
 * and the page come from the same source), joined with the catalog entities
 * of the stores on that page.
 */
export function useStoresPage(query: StoresQuery | undefined): StoresPageState {
  const storesApi = useApi(storesApiRef);
  const catalogApi = useApi(catalogApiRef);

  // Paging belongs to one query: cursors[i] opens page i (page 0 needs none).
  // A new query starts again at page one.
  const queryKey = JSON.stringify(query ?? null);
  const [paging, setPaging] = useState<Paging>(() => firstPage(queryKey));
  const current = paging.key === queryKey ? paging : firstPage(queryKey);
  const page = current.page;
  const cursor = current.cursors[page];

  const [data, setData] = useState<PageData | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [fetching, setFetching] = useState(true);
  const [reloads, setReloads] = useState(0);
  // Only the newest request may write state.
  const requestSeq = useRef(0);

  const loadEntities = useCallback(
    async (stores: Store[]) => {
      const entities = new Map<string, Entity>();
      if (stores.length === 0) {
        return { entities };
      }
      try {
        const { items } = await catalogApi.getEntitiesByRefs({
          entityRefs: stores.map(store => storeEntityRef(store.name)),
        });
        stores.forEach((store, index) => {
          const entity = items[index];
          if (isEntityOfStore(entity, store)) {
            entities.set(store.id, entity);
          }
        });
        return { entities };
      } catch (catalogError) {
        return { entities, catalogError: catalogError as Error };
      }
    },
    [catalogApi],
  );

  useEffect(() => {
    if (!query) {
      return;
    }
    const seq = ++requestSeq.current;
    setFetching(true);
    (async () => {
      try {
        const list = await storesApi.listStores({
          owner: query.owner,
          phase: query.phase,
          q: query.q || undefined,
          limit: query.pageSize,
          cursor,
        });
        const joined = await loadEntities(list.items);
        if (seq !== requestSeq.current) {
          return;
        }
        setData({
          stores: list.items,
          totalCount: list.totalCount,
          nextCursor: list.nextCursor,
          ...joined,
        });
        setError(undefined);
      } catch (e) {
        if (seq === requestSeq.current) {
          setError(e as Error);
        }
      } finally {
        if (seq === requestSeq.current) {
          setFetching(false);
        }
      }
    })();
    // `query` is represented by `queryKey`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryKey, page, cursor, reloads, storesApi, loadEntities]);

  const refresh = useCallback(() => setReloads(n => n + 1), []);

  // The catalog takes a moment to pick up a new store's entity, and no store
  // signal may follow. Re-join while a live store on the page has none, with
  // a growing delay (2 s, 4 s, ... up to a minute), so the link appears
  // without a reload and a portal without the catalog module is not hammered.
  const entityRetries = useRef(0);
  const missingEntity =
    !!data &&
    !data.catalogError &&
    data.stores.some(s => s.phase !== 'deleting' && !data.entities.has(s.id));
  useEffect(() => {
    if (!missingEntity) {
      entityRetries.current = 0;
      return undefined;
    }
    const delay = Math.min(2000 * 2 ** entityRetries.current, 60_000);
    const timer = setTimeout(() => {
      entityRetries.current += 1;
      refresh();
    }, delay);
    return () => clearTimeout(timer);
  }, [missingEntity, data, refresh]);

  const replaceStore = useCallback((store: Store) => {
    setData(shown =>
      shown
        ? {
            ...shown,
            stores: shown.stores.map(s => (s.id === store.id ? store : s)),
          }
        : shown,
    );
  }, []);

  const applyChanges = useCallback(
    (changes: StoreChanges) => {
      // A phase filter may drop or add the store; a new or deleted store moves
      // the page; a store whose catalog entity was not there yet may have one
      // now. Only a change in place of a joined store is refetched alone.
      const inPlace = (signal: StoreChangedSignal) =>
        signal.phase !== 'deleted' &&
        !query?.phase &&
        !!data?.stores.some(s => s.id === signal.storeId) &&
        !!data?.entities.has(signal.storeId);
      // The page refetch brings the stores on it too, so it replaces them all.
      if (!changes || !changes.every(inPlace)) {
        refresh();
        return;
      }
      for (const { storeId } of changes) {
        storesApi.getStore(storeId).then(replaceStore, refresh);
      }
    },
    [data, query?.phase, refresh, replaceStore, storesApi],
  );

  const nextCursor = data?.nextCursor;
  const nextPage = useCallback(() => {
    if (!nextCursor) {
      return;
    }
    setPaging({
      key: queryKey,
      page: page + 1,
      cursors: [...current.cursors.slice(0, page + 1), nextCursor],
    });
  }, [nextCursor, page, queryKey, current.cursors]);

  const previousPage = useCallback(() => {
    setPaging({ ...current, page: Math.max(0, page - 1) });
  }, [current, page]);

  return {
    stores: data?.stores ?? [],
    entities: data?.entities ?? new Map(),
    totalCount: data?.totalCount ?? 0,
    page,
    hasNextPage: !!nextCursor,
    loading: fetching && !data,
    fetching,
    error,
    catalogError: data?.catalogError,
    nextPage,
    previousPage,
    refresh,
    applyChanges,
    replaceStore,
  };
}

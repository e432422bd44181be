import { useCallback, useEffect, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import type { StoreBackup } from '@internal/plugin-stores-common';
import { storesApiRef } from '../api';
import { useStoreChanges } from './useStoreChanges';

/** How often the list is read again while a backup of the store runs. */
export const DEFAULT_RUNNING_POLL_INTERVAL_MS = 5_000;

export interface UseStoreBackupsOptions {
  /** Polling of store changes while signals do not arrive (useStoreChanges). */
  pollIntervalMs?: number;
  /** Polling while a backup runs: its Job's end is not a store change. */
  runningPollIntervalMs?: number;
}

/**
 * A store's backups (`GET /stores/:id/backups`), read again when the store
 * changes and, while one runs, every `runningPollIntervalMs` until it ends.
 * `start` asks for a backup now; its refusal is kept in `startError` until
 * the next attempt.
 */
export function useStoreBackups(
  storeId: string | undefined,
  options: UseStoreBackupsOptions = {},
) {
  const storesApi = useApi(storesApiRef);
  const runningPollIntervalMs =
    options.runningPollIntervalMs ?? DEFAULT_RUNNING_POLL_INTERVAL_MS;
  const list = useAsyncRetry(
    async () => (storeId ? storesApi.listStoreBackups(storeId) : undefined),
    [storesApi, storeId],
  );
  // The latest retry, so that the timers below are not restarted per render.
  const retryRef = useRef(list.retry);
  retryRef.current = list.retry;

  useStoreChanges(changes => {
    if (storeId && (!changes || changes.some(c => c.storeId === storeId))) {
      retryRef.current();
    }
  }, options);

  const [started, setStarted] = useState<StoreBackup | undefined>();
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<Error | undefined>();

  // The backup just started is shown until the list has it.
  const listed = list.value?.items ?? [];
  const items =
    started && !listed.some(b => b.name === started.name)
      ? [started, ...listed]
      : listed;
  const running = items.some(b => b.state === 'running');
  const startedListed = !!started && listed.some(b => b.name === started.name);
  useEffect(() => {
    if (startedListed) {
      setStarted(undefined);
    }
  }, [startedListed]);

  useEffect(() => {
    if (!running) {
      return undefined;
    }
    const timer = setInterval(() => retryRef.current(), runningPollIntervalMs);
    return () => clearInterval(timer);
  }, [running, runningPollIntervalMs]);

  const start = useCallback(async () => {
    if (!storeId) {
      return;
    }
    setStarting(true);
    setStartError(undefined);
    try {
      setStarted(await storesApi.startStoreBackup(storeId));
      retryRef.current();
    } catch (error) {
      setStartError(error as Error);
    } finally {
      setStarting(false);
    }
  }, [storesApi, storeId]);

  return {
    /** Newest first; undefined until the first answer. */
    items: list.value ? items : undefined,
    schedule: list.value?.schedule,
    retention: list.value?.retention,
    target: list.value?.target,
    loading: list.loading && !list.value,
    error: list.error,
    running,
    start,
    starting,
    startError,
  };
}

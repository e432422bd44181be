import { useEffect, useRef } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  STORE_SIGNAL_CHANNEL,
  StoreChangedSignal,
} from '@internal/plugin-stores-common';
import {
  SignalConnectionState,
  useSignalConnection,
} from './useSignalConnection';

/** How often to refetch while signals do not arrive. */
export const DEFAULT_POLL_INTERVAL_MS = 10_000;

/** How long change signals are gathered before they are applied together. */
export const DEFAULT_COALESCE_MS = 500;

/**
 * What changed: the latest signal of each store named during one coalescing
 * window, or `undefined` when anything may have changed (a poll, or signals
 * were lost while the connection was down).
 */
export type StoreChanges = StoreChangedSignal[] | undefined;

/**
 * Calls `onChange` when stores change. While the signals connection is up,
 * the signals of each `coalesceMs` window are delivered together, at most
 * once per window. While it is down or the app has no signals API, it is
 * called every `pollIntervalMs` with `undefined`; when the connection comes
 * back it is called once more with `undefined` to catch up. Returns the
 * connection state, for the page to say how it is kept current.
 */
export function useStoreChanges(
  onChange: (changes: StoreChanges) => void,
  options: { pollIntervalMs?: number; coalesceMs?: number } = {},
): SignalConnectionState {
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const coalesceMs = options.coalesceMs ?? DEFAULT_COALESCE_MS;
  const signalApi = useApiHolder().get(signalApiRef);
  const connection = useSignalConnection();

  // The latest callback, so that a new closure does not restart the timers.
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  // Subscribed here rather than with `useSignal`, which keeps only the last
  // signal in React state: of several arriving before a render, all but the
  // last would be lost.
  useEffect(() => {
    if (!signalApi) {
      return undefined;
    }
    const pending = new Map<string, StoreChangedSignal>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const changes = [...pending.values()];
      pending.clear();
      onChangeRef.current(changes);
    };
    const { unsubscribe } = signalApi.subscribe<
      StoreChangedSignal & { [key: string]: any }
    >(STORE_SIGNAL_CHANNEL, signal => {
      pending.set(signal.storeId, signal);
      // A window opens with its first signal and is not extended by later
      // ones, so a steady stream of signals still shows within `coalesceMs`.
      timer ??= setTimeout(flush, coalesceMs);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [signalApi, coalesceMs]);

  const polling = connection === 'unavailable' || connection === 'disconnected';
  useEffect(() => {
    if (!polling) {
      return undefined;
    }
    const timer = setInterval(
      () => onChangeRef.current(undefined),
      pollIntervalMs,
    );
    return () => clearInterval(timer);
  }, [polling, pollIntervalMs]);

  // The signals client does not replay what was published while it was down.
  const previous = useRef(connection);
  useEffect(() => {
    if (previous.current === 'disconnected' && connection === 'connected') {
      onChangeRef.current(undefined);
    }
    previous.current = connection;
  }, [connection]);

  return connection;
}

import { useEffect, useRef } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  STORE_SIGNAL_CHANNEL,
  StoreChangedSignal,
} from '@internal/plugin-stores-common';

/** How often to refetch when the signals API is not installed. */
export const DEFAULT_POLL_INTERVAL_MS = 10_000;

export type StoreChangeSource = 'signals' | 'polling';

/**
 * Calls `onChange` whenever a store changes: with the signal when Backstage
 * signals are available, otherwise with no argument every `pollIntervalMs`
 * (polling fallback). Returns which of the two is in use.
 */
export function useStoreChanges(
  onChange: (signal?: StoreChangedSignal) => void,
  options: { pollIntervalMs?: number } = {},
): StoreChangeSource {
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const { lastSignal, isSignalsAvailable } = useSignal<
    StoreChangedSignal & { [key: string]: any }
  >(STORE_SIGNAL_CHANNEL);

  // The latest callback, so that a new closure does not restart the timer.
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    if (lastSignal) {
      onChangeRef.current(lastSignal);
    }
  }, [lastSignal]);

  useEffect(() => {
    if (isSignalsAvailable) {
      return undefined;
    }
    const timer = setInterval(() => onChangeRef.current(), pollIntervalMs);
    return () => clearInterval(timer);
  }, [isSignalsAvailable, pollIntervalMs]);

  return isSignalsAvailable ? 'signals' : 'polling';
}

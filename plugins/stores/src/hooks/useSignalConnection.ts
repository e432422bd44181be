import { useEffect, useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';

/**
 * Whether signals can reach this page:
 * - `unavailable`: the app has no signals API;
 * - `connecting`: the socket has not opened yet, within the grace period;
 * - `connected`: the socket is open (or the API offers nothing to check);
 * - `disconnected`: the socket closed, or did not open within the grace
 *   period. Signals published meanwhile are lost.
 */
export type SignalConnectionState =
  | 'unavailable'
  | 'connecting'
  | 'connected'
  | 'disconnected';

/** How often the socket is looked at (a property read, no request). */
export const SIGNAL_CHECK_INTERVAL_MS = 1000;

/** How long a first connection may take before it counts as down. */
export const SIGNAL_CONNECT_GRACE_MS = 5000;

// WebSocket.OPEN, without relying on a WebSocket global (tests, SSR).
const WEBSOCKET_OPEN = 1;

/**
 * The state of the socket behind a signals API: `unknown` when the API has
 * none that can be read.
 *
 * Why this reads a private field: @backstage/plugin-signals-react 0.0.26 has
 * no connection state. `useSignal` returns `{ lastSignal, isSignalsAvailable }`,
 * where "available" means only that an API is installed, and
 * `SignalApi.subscribe` takes an `onMessage` callback and nothing else. The
 * `SignalClient` of @backstage/plugin-signals 0.0.35 (the implementation the
 * app installs) keeps its WebSocket in the TypeScript-private `ws` field: null
 * before the first connect and after an error, CLOSED after a drop, and it
 * reconnects by itself 5 s later without replaying what was published
 * meanwhile. The signals backend's keep-alive pings are WebSocket control
 * frames that browser code never sees, so no frontend-only heartbeat exists.
 * That socket is therefore the one honest source: OPEN means signals arrive.
 * A `SignalApi` without the field (a custom implementation, a test double)
 * is `unknown` and trusted, as before. Replace this with the public state
 * once signals-react offers one.
 */
export function readSignalSocket(
  api: SignalApi,
): 'open' | 'closed' | 'unknown' {
  if (!('ws' in api)) {
    return 'unknown';
  }
  const ws = (api as { ws?: { readyState?: unknown } | null }).ws;
  return ws?.readyState === WEBSOCKET_OPEN ? 'open' : 'closed';
}

function stateOf(
  socket: 'open' | 'closed' | 'unknown',
  wasOpen: boolean,
  graceOver: boolean,
): SignalConnectionState {
  if (socket !== 'closed') {
    return 'connected';
  }
  return wasOpen || graceOver ? 'disconnected' : 'connecting';
}

/** Whether the app's signals connection is up, checked every second. */
export function useSignalConnection(): SignalConnectionState {
  const signalApi = useApiHolder().get(signalApiRef);
  const [state, setState] = useState<SignalConnectionState>(() =>
    signalApi
      ? stateOf(readSignalSocket(signalApi), false, false)
      : 'unavailable',
  );

  useEffect(() => {
    if (!signalApi) {
      setState('unavailable');
      return undefined;
    }
    const startedAt = Date.now();
    let wasOpen = false;
    const check = () => {
      const socket = readSignalSocket(signalApi);
      wasOpen = wasOpen || socket === 'open';
      setState(
        stateOf(
          socket,
          wasOpen,
          Date.now() - startedAt >= SIGNAL_CONNECT_GRACE_MS,
        ),
      );
    };
    check();
    if (readSignalSocket(signalApi) === 'unknown') {
      return undefined; // nothing to watch
    }
    // Polled rather than listened to: the client replaces its socket on
    // every reconnect, and it is not ours to attach handlers to.
    const timer = setInterval(check, SIGNAL_CHECK_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [signalApi]);

  return state;
}

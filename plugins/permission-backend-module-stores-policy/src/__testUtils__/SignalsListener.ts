import { mockCredentials } from '@backstage/backend-test-utils';
import { STORE_SIGNAL_CHANNEL } from '@internal/plugin-stores-common';
import WebSocket from 'ws';
import { webSocketToken } from './people';

/** A store signal as the browser receives it. */
export interface ReceivedSignal {
  channel: string;
  message: { storeId: string; name: string; phase: string };
}

/**
 * One user's browser session on the real signals backend: a WebSocket to
 * /api/signals authenticated with the user's token, subscribed to the stores
 * channel, keeping every message it receives in order.
 */
export class SignalsListener {
  readonly received: ReceivedSignal[] = [];
  readonly #socket: WebSocket;
  #waiters: Array<() => void> = [];

  /**
   * Connects as `user` to a signals backend that already handles upgrades
   * (see PolicyTestBackend.listen, which primes it).
   */
  static async connect(url: string, user: string): Promise<SignalsListener> {
    const token = webSocketToken(mockCredentials.user.token(user));
    const socket = await within(open(url, token), 'the WebSocket to open');
    const listener = new SignalsListener(socket);
    socket.send(
      JSON.stringify({
        action: 'subscribe',
        channel: STORE_SIGNAL_CHANNEL,
      }),
    );
    // The server reads frames in order: once it answers a ping sent after
    // the subscribe message, the subscription is in place.
    await within(
      new Promise<void>(resolve => {
        socket.once('pong', () => resolve());
        socket.ping();
      }),
      'the answer to a ping after subscribing',
    );
    return listener;
  }

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', data => {
      this.received.push(JSON.parse(data.toString()));
      const waiters = this.#waiters;
      this.#waiters = [];
      waiters.forEach(wake => wake());
    });
  }

  /** Names of the stores this session heard about, in order. */
  storeNames(): string[] {
    return this.received.map(signal => signal.message.name);
  }

  /**
   * Resolves once a signal about store `name` has arrived; rejects after
   * `budgetMs` saying what did arrive.
   */
  async waitForStore(name: string, budgetMs = 30_000): Promise<void> {
    const deadline = Date.now() + budgetMs;
    while (!this.storeNames().includes(name)) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `No signal about store ${name} within ${budgetMs} ms; received: ${JSON.stringify(
            this.storeNames(),
          )}`,
        );
      }
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Closes the WebSocket and waits until both ends are done with it. */
  async close(): Promise<void> {
    if (this.#socket.readyState === WebSocket.CLOSED) {
      return;
    }
    const closed = new Promise<void>(resolve =>
      this.#socket.once('close', () => resolve()),
    );
    this.#socket.close();
    await within(closed, 'the WebSocket to close');
  }
}

/** `promise`, or an Error naming `what` after a budget for a busy machine. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Waited 30 s for ${what}`)),
        30_000,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

function open(url: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, token);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => {
      socket.terminate();
      reject(new Error(`HTTP ${res.statusCode}`));
    });
  });
}

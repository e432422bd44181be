import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  STORE_EVENTS_TOPIC,
  STORE_SIGNAL_CHANNEL,
  type Store,
  type StoreChangedSignal,
} from '@internal/plugin-stores-common';
import type { StoreChangeNotifier } from '../types';

/**
 * Publishes every store change twice: as a Backstage signal for browsers
 * (broadcast; the frontend refetches through the API, which applies the
 * caller's permissions) and on the events service for backend plugins such
 * as the catalog module. The payload is built field by field from the store,
 * so nothing else (and never a secret) can slip in.
 *
 * A failed publish is logged and swallowed: notifications are hints, the
 * catalog's full refresh and the frontend's polling are the backstops.
 */
export class DefaultStoreChangeNotifier implements StoreChangeNotifier {
  readonly #signals: SignalsService;
  readonly #events: EventsService;
  readonly #logger: LoggerService;

  static create(options: {
    signals: SignalsService;
    events: EventsService;
    logger: LoggerService;
  }) {
    return new DefaultStoreChangeNotifier(
      options.signals,
      options.events,
      options.logger,
    );
  }

  private constructor(
    signals: SignalsService,
    events: EventsService,
    logger: LoggerService,
  ) {
    this.#signals = signals;
    this.#events = events;
    this.#logger = logger;
  }

  async storeChanged(
    store: Store,
    options?: { deleted?: boolean },
  ): Promise<void> {
    const message: StoreChangedSignal = {
      storeId: store.id,
      name: store.name,
      owner: store.owner,
      phase: options?.deleted ? 'deleted' : store.phase,
      conditions: store.conditions.map(c => ({
        type: c.type,
        status: c.status,
      })),
    };
    const results = await Promise.allSettled([
      this.#signals.publish({
        recipients: { type: 'broadcast' },
        channel: STORE_SIGNAL_CHANNEL,
        message: { ...message },
      }),
      this.#events.publish({
        topic: STORE_EVENTS_TOPIC,
        eventPayload: message,
      }),
    ]);
    for (const result of results) {
      if (result.status === 'rejected') {
        this.#logger.warn('Could not publish a store change', {
          storeId: store.id,
          error: String(result.reason),
        });
      }
    }
  }
}

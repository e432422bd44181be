import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type {
  SignalPayload,
  SignalsService,
} from '@backstage/plugin-signals-node';
import {
  STORE_EVENTS_TOPIC,
  STORE_SIGNAL_CHANNEL,
  type Store,
  type StoreChangedSignal,
} from '@internal/plugin-stores-common';
import type { StoreAccessConfig } from '@internal/plugin-stores-node';
import type { StoreChange, StoreChangeNotifier } from '../types';
import { storeNotification } from './storeNotifications';

/**
 * Publishes every store change twice: as a Backstage signal for browsers
 * (the frontend refetches through the API, which applies the caller's
 * permissions) and on the events service for backend plugins such as the
 * catalog module. The signal reaches the users who may read the store: all
 * of them with `stores.access.read: all`, else the store's owner and the
 * admin group. Those two are entity refs the signals backend matches against
 * each connection's ownership refs (the user and their groups), so a group
 * owner's members get it without any catalog lookup here. The payload is
 * built field by field from the store, so nothing else (and never a secret)
 * can slip in. A phase change worth it (ready, degraded, failed, deleted)
 * also becomes a Backstage notification to the owner (./storeNotifications).
 *
 * A failed publish is logged and swallowed: notifications are hints, the
 * catalog's full refresh and the frontend's polling are the backstops.
 */
export class DefaultStoreChangeNotifier implements StoreChangeNotifier {
  readonly #signals: SignalsService;
  readonly #events: EventsService;
  readonly #logger: LoggerService;
  readonly #access: StoreAccessConfig;
  readonly #notifications: NotificationService;

  static create(options: {
    signals: SignalsService;
    events: EventsService;
    notifications: NotificationService;
    logger: LoggerService;
    access: StoreAccessConfig;
  }) {
    return new DefaultStoreChangeNotifier(options);
  }

  private constructor(options: {
    signals: SignalsService;
    events: EventsService;
    notifications: NotificationService;
    logger: LoggerService;
    access: StoreAccessConfig;
  }) {
    this.#signals = options.signals;
    this.#events = options.events;
    this.#notifications = options.notifications;
    this.#logger = options.logger;
    this.#access = options.access;
  }

  async storeChanged(store: Store, change: StoreChange = {}): Promise<void> {
    const message: StoreChangedSignal = {
      storeId: store.id,
      name: store.name,
      owner: store.owner,
      phase: change.deleted ? 'deleted' : store.phase,
      conditions: store.conditions.map(c => ({
        type: c.type,
        status: c.status,
      })),
    };
    const notification = storeNotification(store, change);
    const results = await Promise.allSettled([
      notification && this.#notifications.send(notification),
      this.#signals.publish({
        recipients: this.#recipients(store),
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

  #recipients(store: Store): SignalPayload['recipients'] {
    if (this.#access.read === 'all') {
      return { type: 'broadcast' };
    }
    const { adminGroup } = this.#access;
    // store.owner is normalized (lowercase), as ownership refs of catalog
    // entities with lowercase names are.
    return {
      type: 'user',
      entityRef: adminGroup ? [store.owner, adminGroup] : [store.owner],
    };
  }
}

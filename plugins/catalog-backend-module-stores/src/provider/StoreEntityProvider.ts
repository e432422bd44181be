import type {
  DiscoveryService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { isError } from '@backstage/errors';
import type {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type { EventParams, EventsService } from '@backstage/plugin-events-node';
import {
  isNotFoundError,
  STORE_EVENTS_TOPIC,
  storeEntityRef,
  type Store,
  type StoreChangedSignal,
} from '@internal/plugin-stores-common';
import type { StoresService } from '@internal/plugin-stores-node';
import { readProviderConfig } from './readProviderConfigs';
import { storeToEntity } from './storeToEntity';

/**
 * Location key of every entity this provider emits. Stable across restarts
 * and replicas, so that a full mutation after a restart takes over the
 * entities the previous process emitted instead of conflicting with them.
 */
export const STORES_LOCATION_KEY = 'stores-provider:default';

export interface StoreEntityProviderOptions {
  id: string;
  stores: StoresService;
  logger: LoggerService;
  /** Runs the full mutation; the provider registers its task on connect. */
  taskRunner: SchedulerServiceTaskRunner;
  /** Source of the delta mutations; without it only full mutations run. */
  events?: EventsService;
  /** Resolves the stores API's external base URL for the location annotations. */
  discovery: Pick<DiscoveryService, 'getExternalBaseUrl'>;
  /** Stores per page when listing (1-500). */
  pageSize?: number;
  /** `spec.system` of every store entity. */
  system?: string;
}

/**
 * Emits one `Resource` entity per live store.
 *
 * Store changes reach the catalog at once: the stores backend publishes a
 * {@link StoreChangedSignal} on {@link STORE_EVENTS_TOPIC} for each change,
 * and the provider answers with a delta mutation (refetching the store
 * through the stores API, so that the event needs to carry no more than an
 * id). A scheduled full mutation lists every live store and replaces the
 * provider's entities, which repairs anything a lost event left behind.
 */
export class StoreEntityProvider implements EntityProvider {
  readonly #id: string;
  readonly #stores: StoresService;
  readonly #logger: LoggerService;
  readonly #taskRunner: SchedulerServiceTaskRunner;
  readonly #events?: EventsService;
  readonly #discovery: Pick<DiscoveryService, 'getExternalBaseUrl'>;
  readonly #pageSize: number;
  readonly #system?: string;
  #connection?: EntityProviderConnection;
  #locationPrefix?: Promise<string>;
  /** Events are applied one after another, in the order they arrived. */
  #eventQueue: Promise<void> = Promise.resolve();

  /** Reads `catalog.providers.stores` and schedules the full mutation with it. */
  static fromConfig(
    config: Config,
    deps: {
      stores: StoresService;
      logger: LoggerService;
      scheduler: SchedulerService;
      discovery: Pick<DiscoveryService, 'getExternalBaseUrl'>;
      events?: EventsService;
    },
  ): StoreEntityProvider {
    const providerConfig = readProviderConfig(config);
    return StoreEntityProvider.create({
      id: providerConfig.id,
      stores: deps.stores,
      logger: deps.logger,
      events: deps.events,
      discovery: deps.discovery,
      taskRunner: deps.scheduler.createScheduledTaskRunner(
        providerConfig.schedule,
      ),
      pageSize: providerConfig.pageSize,
      system: providerConfig.system,
    });
  }

  static create(options: StoreEntityProviderOptions): StoreEntityProvider {
    return new StoreEntityProvider(options);
  }

  private constructor(options: StoreEntityProviderOptions) {
    this.#id = options.id;
    this.#stores = options.stores;
    this.#logger = options.logger.child({ target: this.getProviderName() });
    this.#taskRunner = options.taskRunner;
    this.#events = options.events;
    this.#discovery = options.discovery;
    this.#pageSize = options.pageSize ?? 200;
    this.#system = options.system;
  }

  getProviderName(): string {
    return `stores:${this.#id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    await this.#taskRunner.run({
      id: this.#taskId,
      fn: async () => {
        try {
          await this.refresh();
        } catch (error) {
          // The next run retries; the entities from the last good run stay.
          this.#logger.error('Full mutation of store entities failed', {
            error: isError(error) ? error.message : String(error),
          });
        }
      },
    });
    await this.#events?.subscribe({
      id: `catalog-${this.getProviderName().replace(':', '-')}`,
      topics: [STORE_EVENTS_TOPIC],
      // Queued, not awaited: the publisher (a stores API request on the
      // local bus) must not wait for the catalog write.
      onEvent: async params => {
        this.#enqueue(params);
      },
    });
  }

  /**
   * Runs the full mutation now, once the backend has started (the stores API
   * answers by then). Events sent while the portal was down are not replayed,
   * so the changes missed meanwhile arrive here. It runs in this process
   * rather than through the scheduler: the scheduled task waits out its
   * initial delay (15 s) and the scheduler's work check (up to 5 s) first,
   * and every second of that is a second the missed stores are not in the
   * catalog. A second replica doing the same writes the same entities.
   */
  async refreshAfterStartup(): Promise<void> {
    try {
      await this.refresh();
    } catch (error) {
      // The scheduled run retries; the entities from the last good run stay.
      this.#logger.error('Full mutation of store entities at start-up failed', {
        error: isError(error) ? error.message : String(error),
      });
    }
  }

  get #taskId(): string {
    return `${this.getProviderName()}:refresh`;
  }

  /**
   * Full mutation: lists every live store page by page and replaces the
   * provider's entities with theirs. A failed listing throws before the
   * mutation, so a stores API outage never empties the catalog.
   */
  async refresh(): Promise<{ count: number }> {
    const connection = this.#requireConnection();
    const started = Date.now();
    const entities: DeferredEntity[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#stores.listStores({
        limit: this.#pageSize,
        cursor,
      });
      for (const store of page.items) {
        entities.push(await this.#toDeferred(store));
      }
      cursor = page.nextCursor;
    } while (cursor);

    await connection.applyMutation({ type: 'full', entities });
    this.#logger.info('Applied full mutation of store entities', {
      count: entities.length,
      durationMs: Date.now() - started,
    });
    return { count: entities.length };
  }

  /**
   * Delta mutation for one store change: the store's current entity, or its
   * removal once the store is deleted (or no longer found).
   */
  async applyStoreChange(change: StoreChangedSignal): Promise<void> {
    const connection = this.#requireConnection();
    if (change.phase !== 'deleted') {
      const store = await this.#getStoreIfExists(change.storeId);
      if (store) {
        await connection.applyMutation({
          type: 'delta',
          added: [await this.#toDeferred(store)],
          removed: [],
        });
        this.#logger.debug('Applied store entity', { store: store.name });
        return;
      }
    }
    await connection.applyMutation({
      type: 'delta',
      added: [],
      removed: [
        {
          entityRef: storeEntityRef(change.name),
          locationKey: STORES_LOCATION_KEY,
        },
      ],
    });
    this.#logger.debug('Removed store entity', { store: change.name });
  }

  /** Resolves once every store change received so far has been applied. */
  async idle(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.#eventQueue;
      await current;
    } while (current !== this.#eventQueue);
  }

  #enqueue(params: EventParams): void {
    const change = parseStoreChange(params.eventPayload);
    if (!change) {
      this.#logger.warn('Ignoring a malformed store event', {
        topic: params.topic,
      });
      return;
    }
    this.#eventQueue = this.#eventQueue.then(() =>
      this.applyStoreChange(change).catch(error => {
        // Lost deltas are repaired by the next full mutation.
        this.#logger.warn('Could not apply a store change to the catalog', {
          storeId: change.storeId,
          error: isError(error) ? error.message : String(error),
        });
      }),
    );
  }

  async #getStoreIfExists(id: string): Promise<Store | undefined> {
    try {
      return await this.#stores.getStore(id);
    } catch (error) {
      if (isNotFoundError(error)) {
        return undefined;
      }
      throw error;
    }
  }

  async #toDeferred(store: Store): Promise<DeferredEntity> {
    return {
      locationKey: STORES_LOCATION_KEY,
      entity: storeToEntity(store, {
        locationPrefix: await this.#getLocationPrefix(),
        system: this.#system,
      }),
    };
  }

  #getLocationPrefix(): Promise<string> {
    this.#locationPrefix ??= this.#discovery
      .getExternalBaseUrl('stores')
      .then(url => `stores:${url}`);
    return this.#locationPrefix;
  }

  #requireConnection(): EntityProviderConnection {
    if (!this.#connection) {
      throw new Error(`${this.getProviderName()} is not connected yet`);
    }
    return this.#connection;
  }
}

/** Accepts only payloads that carry what a delta needs. */
function parseStoreChange(payload: unknown): StoreChangedSignal | undefined {
  if (typeof payload !== 'object' || payload === null) {
    return undefined;
  }
  const candidate = payload as Partial<StoreChangedSignal>;
  if (
    typeof candidate.storeId !== 'string' ||
    typeof candidate.name !== 'string' ||
    typeof candidate.phase !== 'string'
  ) {
    return undefined;
  }
  return candidate as StoreChangedSignal;
}

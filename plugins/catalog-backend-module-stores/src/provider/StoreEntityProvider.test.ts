import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotFoundError, ResponseError } from '@backstage/errors';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import type {
  EventParams,
  EventsService,
  EventsServiceSubscribeOptions,
} from '@backstage/plugin-events-node';
import {
  STORE_EVENTS_TOPIC,
  type Store,
  type StoreChangedSignal,
} from '@internal/plugin-stores-common';
import type { StoresService } from '@internal/plugin-stores-node';
import type {
  SchedulerService,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  StoreEntityProvider,
  STORES_LOCATION_KEY,
} from './StoreEntityProvider';
import { mockStoresService } from '@internal/plugin-stores-test-utils';
import { makeStore } from '../__testUtils__/testStores';

/** Events service that delivers published events to subscribers in-process. */
class FakeEventsService implements EventsService {
  readonly subscriptions: EventsServiceSubscribeOptions[] = [];
  async publish(params: EventParams) {
    for (const sub of this.subscriptions) {
      if (sub.topics.includes(params.topic)) await sub.onEvent(params);
    }
  }
  async subscribe(options: EventsServiceSubscribeOptions) {
    this.subscriptions.push(options);
  }
}

function change(store: Store, phase?: StoreChangedSignal['phase']) {
  const signal: StoreChangedSignal = {
    storeId: store.id,
    name: store.name,
    owner: store.owner,
    phase: phase ?? store.phase,
    conditions: [],
  };
  return { topic: STORE_EVENTS_TOPIC, eventPayload: signal };
}

describe('StoreEntityProvider', () => {
  let stores: jest.Mocked<StoresService>;
  let events: FakeEventsService;
  let tasks: SchedulerServiceTaskInvocationDefinition[];
  let taskRunner: SchedulerServiceTaskRunner;
  let mutations: EntityProviderMutation[];
  let connection: EntityProviderConnection;
  const discovery = {
    getExternalBaseUrl: async (id: string) =>
      `http://backstage.example/api/${id}`,
  };

  beforeEach(() => {
    stores = mockStoresService();
    events = new FakeEventsService();
    tasks = [];
    taskRunner = { run: async task => void tasks.push(task) };
    mutations = [];
    connection = {
      applyMutation: jest.fn(async m => void mutations.push(m)),
      refresh: jest.fn(),
    };
  });

  function makeProvider() {
    return StoreEntityProvider.create({
      id: 'default',
      stores,
      events,
      discovery,
      taskRunner,
      logger: mockServices.logger.mock(),
      pageSize: 2,
    });
  }

  it('is named stores:<id>', () => {
    expect(makeProvider().getProviderName()).toBe('stores:default');
  });

  it('schedules the full mutation and subscribes to store events on connect', async () => {
    await makeProvider().connect(connection);
    expect(tasks.map(t => t.id)).toEqual(['stores:default:refresh']);
    expect(events.subscriptions).toEqual([
      expect.objectContaining({ topics: [STORE_EVENTS_TOPIC] }),
    ]);
  });

  it('applies a full mutation of every store, page by page', async () => {
    const all = ['a-one', 'b-two', 'c-three', 'd-four', 'e-five'].map(name =>
      makeStore({ name }),
    );
    stores.listStores.mockImplementation(async query => {
      const start = Number(query?.cursor ?? 0);
      const limit = Number(query?.limit);
      const next = start + limit;
      return {
        items: all.slice(start, next),
        totalCount: all.length,
        nextCursor: next < all.length ? String(next) : undefined,
      };
    });
    const provider = makeProvider();
    await provider.connect(connection);

    await tasks[0].fn(new AbortController().signal);

    expect(stores.listStores.mock.calls.map(([query]) => query)).toEqual([
      { limit: 2, cursor: undefined },
      { limit: 2, cursor: '2' },
      { limit: 2, cursor: '4' },
    ]);
    expect(mutations).toHaveLength(1);
    const mutation = mutations[0];
    expect(mutation.type).toBe('full');
    if (mutation.type !== 'full') throw new Error('not full');
    expect(mutation.entities.map(e => e.entity.metadata.name)).toEqual(
      all.map(s => s.name),
    );
    expect(
      mutation.entities.every(e => e.locationKey === STORES_LOCATION_KEY),
    ).toBe(true);
    expect(
      mutation.entities[0].entity.metadata.annotations?.[
        'backstage.io/managed-by-location'
      ],
    ).toBe('stores:http://backstage.example/api/stores/stores/id-a-one');
  });

  it('applies an empty full mutation when there are no stores', async () => {
    stores.listStores.mockResolvedValue({ items: [], totalCount: 0 });
    const provider = makeProvider();
    await provider.connect(connection);
    await expect(provider.refresh()).resolves.toEqual({ count: 0 });
    expect(mutations).toEqual([{ type: 'full', entities: [] }]);
  });

  it('never applies a full mutation when listing fails midway', async () => {
    stores.listStores
      .mockResolvedValueOnce({
        items: [makeStore()],
        totalCount: 2,
        nextCursor: '1',
      })
      .mockRejectedValueOnce(new Error('stores API down'));
    const provider = makeProvider();
    await provider.connect(connection);
    await expect(provider.refresh()).rejects.toThrow('stores API down');
    // The scheduled task swallows the error (logged) and retries next run.
    stores.listStores.mockRejectedValueOnce(new Error('still down'));
    await expect(
      tasks[0].fn(new AbortController().signal),
    ).resolves.toBeUndefined();
    expect(mutations).toEqual([]);
  });

  it('adds the refetched store entity on a change event', async () => {
    const store = makeStore({ name: 'shop-two', displayName: 'Shop Two' });
    stores.getStore.mockResolvedValue(store);
    const provider = makeProvider();
    await provider.connect(connection);

    await events.publish(change(store, 'provisioning'));
    await provider.idle();

    expect(stores.getStore).toHaveBeenCalledWith(store.id);
    expect(mutations).toHaveLength(1);
    const mutation = mutations[0];
    if (mutation.type !== 'delta') throw new Error('not delta');
    expect(mutation.removed).toEqual([]);
    expect(mutation.added).toEqual([
      {
        locationKey: STORES_LOCATION_KEY,
        entity: expect.objectContaining({
          kind: 'Resource',
          metadata: expect.objectContaining({
            name: 'shop-two',
            title: 'Shop Two',
          }),
        }),
      },
    ]);
  });

  it('removes the entity when the store is deleted', async () => {
    const store = makeStore({ name: 'shop-three' });
    const provider = makeProvider();
    await provider.connect(connection);

    await events.publish(change(store, 'deleted'));
    await provider.idle();

    expect(stores.getStore).not.toHaveBeenCalled();
    expect(mutations).toEqual([
      {
        type: 'delta',
        added: [],
        removed: [
          {
            entityRef: 'resource:default/shop-three',
            locationKey: STORES_LOCATION_KEY,
          },
        ],
      },
    ]);
  });

  it.each([
    ['NotFoundError', new NotFoundError('no such store')],
    [
      'a 404 ResponseError',
      Object.assign(new Error('Not Found'), {
        name: 'ResponseError',
        response: { status: 404 },
      }) as unknown as ResponseError,
    ],
  ])(
    'removes the entity when the store is no longer found (%s)',
    async (_, error) => {
      const store = makeStore({ name: 'shop-four' });
      stores.getStore.mockRejectedValue(error);
      const provider = makeProvider();
      await provider.connect(connection);

      await events.publish(change(store, 'ready'));
      await provider.idle();

      expect(mutations).toEqual([
        expect.objectContaining({
          type: 'delta',
          added: [],
          removed: [
            expect.objectContaining({
              entityRef: 'resource:default/shop-four',
            }),
          ],
        }),
      ]);
    },
  );

  it('applies changes in the order they arrived', async () => {
    const store = makeStore({ name: 'shop-five' });
    let release: (s: Store) => void = () => {};
    stores.getStore.mockReturnValueOnce(
      new Promise<Store>(resolve => {
        release = resolve;
      }),
    );
    const provider = makeProvider();
    await provider.connect(connection);

    await events.publish(change(store, 'provisioning'));
    await events.publish(change(store, 'deleted'));
    release(store);
    await provider.idle();

    expect(
      mutations.map(m => (m.type === 'delta' ? m.added.length : -1)),
    ).toEqual([1, 0]);
    expect(mutations[1]).toEqual(
      expect.objectContaining({ removed: [expect.anything()] }),
    );
  });

  it('keeps going after a failed delta and ignores malformed events', async () => {
    const store = makeStore({ name: 'shop-six' });
    stores.getStore
      .mockRejectedValueOnce(new Error('stores API down'))
      .mockResolvedValueOnce(store);
    const provider = makeProvider();
    await provider.connect(connection);

    await events.publish({ topic: STORE_EVENTS_TOPIC, eventPayload: { x: 1 } });
    await events.publish(change(store));
    await events.publish(change(store));
    await provider.idle();

    expect(stores.getStore).toHaveBeenCalledTimes(2);
    expect(mutations).toHaveLength(1);
  });

  it('runs a full mutation after start-up, and logs a failure', async () => {
    const logger = mockServices.logger.mock();
    logger.child.mockReturnValue(logger);
    const provider = StoreEntityProvider.create({
      id: 'default',
      stores,
      events,
      discovery,
      taskRunner,
      logger,
    });
    stores.listStores.mockResolvedValue({
      items: [makeStore()],
      totalCount: 1,
    });
    await provider.connect(connection);
    await provider.refreshAfterStartup();
    expect(mutations).toEqual([
      { type: 'full', entities: [expect.anything()] },
    ]);

    // A stores API outage at start-up is logged, not thrown.
    stores.listStores.mockRejectedValueOnce(new Error('stores API down'));
    await expect(provider.refreshAfterStartup()).resolves.toBeUndefined();
    expect(mutations).toHaveLength(1);
    expect(logger.error).toHaveBeenCalledWith(
      'Full mutation of store entities at start-up failed',
      { error: 'stores API down' },
    );
  });

  it('is created from config with the configured schedule', () => {
    const scheduler = mockServices.scheduler.mock();
    const provider = StoreEntityProvider.fromConfig(
      new ConfigReader({
        catalog: {
          providers: {
            stores: {
              schedule: { frequency: { minutes: 2 }, timeout: 'PT1M' },
            },
          },
        },
      }),
      {
        stores,
        logger: mockServices.logger.mock(),
        scheduler: scheduler as unknown as SchedulerService,
        discovery,
        events,
      },
    );
    expect(provider.getProviderName()).toBe('stores:default');
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({
      frequency: { minutes: 2 },
      timeout: { minutes: 1 },
    });
  });
});

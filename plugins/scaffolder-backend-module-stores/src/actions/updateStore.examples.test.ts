import { makeStore, mockStoresService } from '../__testUtils__/stores';
import { runExample } from '../__testUtils__/runExample';
import { examples } from './updateStore.examples';

// The module object stores:wait imports its sleep from (not a namespace copy).
const timersPromises = jest.requireActual<
  typeof import('node:timers/promises')
>('node:timers/promises');

describe('stores:update examples', () => {
  const stores = mockStoresService();
  const store = makeStore({
    phase: 'ready',
    generation: 1,
    observedGeneration: 1,
  });

  beforeEach(() => {
    jest.resetAllMocks();
    stores.listStores.mockResolvedValue({ items: [store], totalCount: 1 });
  });

  it('example 0 changes the plan and waits until the new generation is ready', async () => {
    stores.updateStore.mockResolvedValue({
      ...store,
      plan: 'medium',
      generation: 2,
    });
    // Ready on the old generation first: the wait goes on until it is applied.
    stores.getStore
      .mockResolvedValueOnce({ ...store, plan: 'medium', generation: 2 })
      .mockResolvedValue({
        ...store,
        plan: 'medium',
        generation: 2,
        observedGeneration: 2,
      });

    // No time passes: each look of the wait follows the one before at once.
    const sleep = jest
      .spyOn(timersPromises, 'setTimeout')
      .mockResolvedValue(undefined as never);
    const outputs = await runExample(examples[0], stores).finally(() =>
      sleep.mockRestore(),
    );

    expect(stores.updateStore).toHaveBeenCalledWith(
      store.id,
      { plan: 'medium' },
      expect.anything(),
    );
    expect(stores.getStore).toHaveBeenCalledTimes(2);
    expect(outputs['update-store']).toMatchObject({
      plan: 'medium',
      generation: 2,
    });
    expect(outputs['wait-for-store'].phase).toBe('ready');
  });

  it("example 1 renames the store picked by its entity's ref", async () => {
    stores.updateStore.mockResolvedValue({
      ...store,
      displayName: 'Summer Sale 2027',
    });

    const outputs = await runExample(examples[1], stores);

    expect(stores.listStores).toHaveBeenCalledWith(
      { q: 'summer-sale', limit: 500 },
      expect.anything(),
    );
    expect(stores.updateStore).toHaveBeenCalledWith(
      store.id,
      {
        displayName: 'Summer Sale 2027',
        description: 'Our summer campaign shop',
      },
      expect.anything(),
    );
    expect(outputs['update-store'].generation).toBe(1);
  });

  it('has a test for every example', () => {
    expect(examples).toHaveLength(2);
  });
});

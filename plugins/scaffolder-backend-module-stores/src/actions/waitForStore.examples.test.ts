import { makeStore, mockStoresService } from '../__testUtils__/stores';
import { runExample } from '../__testUtils__/runExample';
import { examples } from './waitForStore.examples';

describe('stores:wait examples', () => {
  const stores = mockStoresService();

  beforeEach(() => jest.resetAllMocks());
  afterEach(() => jest.restoreAllMocks());

  it('creates a store, then waits for the id that stores:create gave', async () => {
    stores.createStore.mockResolvedValue(makeStore({ id: 'new-store-id' }));
    stores.getStore.mockResolvedValue(
      makeStore({ id: 'new-store-id', phase: 'ready' }),
    );

    const outputs = await runExample(examples[0], stores);

    expect(stores.createStore).toHaveBeenCalledTimes(1);
    expect(stores.getStore).toHaveBeenCalledWith(
      'new-store-id',
      expect.anything(),
    );
    expect(outputs['wait-for-store']).toMatchObject({ phase: 'ready' });
  });

  it('waits for a known store with its own interval and timeout', async () => {
    stores.getStore.mockResolvedValue(makeStore({ phase: 'ready' }));

    const outputs = await runExample(examples[1], stores);

    expect(stores.getStore).toHaveBeenCalledWith(
      '6f1c2a8e-4f0b-4c67-9d3e-0a5b7c9d1e2f',
      expect.anything(),
    );
    expect(outputs['wait-for-store']).toMatchObject({ phase: 'ready' });
  });

  it('the second example fails after its own timeout, not the default', async () => {
    // Never ready: the example's timeoutSeconds (1800) ends up in the message.
    stores.getStore.mockResolvedValue(makeStore({ phase: 'provisioning' }));
    jest.spyOn(Date, 'now').mockReturnValueOnce(0).mockReturnValue(1800_001);

    await expect(runExample(examples[1], stores)).rejects.toThrow(
      'Timed out after 1800s',
    );
  });

  it('has a test for every example', () => {
    expect(examples).toHaveLength(2);
  });
});

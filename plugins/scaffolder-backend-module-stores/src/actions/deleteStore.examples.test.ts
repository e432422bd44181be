import { makeStore, mockStoresService } from '../__testUtils__/stores';
import { runExample } from '../__testUtils__/runExample';
import { examples } from './deleteStore.examples';

describe('stores:delete examples', () => {
  const stores = mockStoresService();
  const store = makeStore({ phase: 'ready' });

  beforeEach(() => {
    jest.resetAllMocks();
    stores.listStores.mockResolvedValue({ items: [store], totalCount: 1 });
    stores.getStore.mockResolvedValue(store);
    stores.deleteStore.mockResolvedValue({ ...store, phase: 'deleting' });
  });

  it.each([
    [0, 'by name'],
    [1, "by the catalog entity's ref"],
  ])('example %i deletes a store %s', async index => {
    const outputs = await runExample(examples[index], stores);

    expect(stores.listStores).toHaveBeenCalledWith(
      { q: 'summer-sale', limit: 500 },
      expect.anything(),
    );
    expect(stores.deleteStore).toHaveBeenCalledWith(
      store.id,
      expect.anything(),
    );
    expect(outputs['delete-store']).toEqual({
      storeId: store.id,
      name: 'summer-sale',
      phase: 'deleting',
    });
  });

  it('example 2 deletes a store by its id', async () => {
    await runExample(examples[2], stores);

    expect(stores.listStores).not.toHaveBeenCalled();
    expect(stores.getStore).toHaveBeenCalledWith(store.id, expect.anything());
    expect(stores.deleteStore).toHaveBeenCalledWith(
      store.id,
      expect.anything(),
    );
  });

  it('has a test for every example', () => {
    expect(examples).toHaveLength(3);
  });
});

import { makeStore, mockStoresService } from '../__testUtils__/stores';
import { runExample } from '../__testUtils__/runExample';
import { examples } from './createStore.examples';

describe('stores:create examples', () => {
  const stores = mockStoresService();

  beforeEach(() => {
    jest.resetAllMocks();
    stores.createStore.mockImplementation(async request =>
      makeStore({ name: request.name, owner: request.owner }),
    );
  });

  it('creates a store with the default plan and options', async () => {
    const outputs = await runExample(examples[0], stores);

    expect(stores.createStore).toHaveBeenCalledWith(
      {
        name: 'summer-sale',
        owner: 'group:default/team-a',
        engine: 'woocommerce',
        options: {},
      },
      expect.objectContaining({
        idempotencyKey: 'scaffolder:task-1:create-store',
      }),
    );
    expect(outputs['create-store']).toMatchObject({
      namespace: 'store-summer-sale',
      entityRef: 'resource:default/summer-sale',
    });
  });

  it('creates a store on the medium plan without sample data', async () => {
    await runExample(examples[1], stores);

    expect(stores.createStore).toHaveBeenCalledWith(
      {
        name: 'spring-launch',
        displayName: 'Spring launch',
        description: 'Shop for the spring product launch',
        owner: 'user:default/jane.doe',
        engine: 'woocommerce',
        plan: 'medium',
        options: { sampleData: false },
      },
      expect.anything(),
    );
  });

  it('creates a store from a backup of another store', async () => {
    await runExample(examples[2], stores);

    expect(stores.createStore).toHaveBeenCalledWith(
      {
        name: 'summer-sale-copy',
        owner: 'group:default/team-a',
        options: {},
        fromBackup: {
          store: 'summer-sale',
          backup: 'summer-sale-backup-manual-1',
        },
      },
      expect.anything(),
    );
  });

  it('has a test for every example', () => {
    expect(examples).toHaveLength(3);
  });
});

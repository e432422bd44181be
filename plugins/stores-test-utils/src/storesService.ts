import type { StoresService } from '@internal/plugin-stores-node';

/** A StoresService whose every method is a jest mock. */
export function mockStoresService(): jest.Mocked<StoresService> {
  return {
    createStore: jest.fn(),
    dryRunCreateStore: jest.fn(),
    getStore: jest.fn(),
    listStores: jest.fn(),
    deleteStore: jest.fn(),
    retryStore: jest.fn(),
    getStoreCredentials: jest.fn(),
    rotateStoreCredentials: jest.fn(),
    updateStore: jest.fn(),
    listStoreEvents: jest.fn(),
  };
}

import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { StoresClient } from '@internal/plugin-stores-node';
import type { AddressInfo } from 'node:net';
import {
  ALICE,
  describeRouterOnEachDatabase,
} from '../__testUtils__/routerTestBackend';

/*
 * stores-node's client, typed from the OpenAPI spec, against the real
 * router (whose answers are checked against the same spec under Jest).
 */

jest.setTimeout(120_000);

describeRouterOnEachDatabase(
  'stores-node client against the router on %p',
  t => {
    function client() {
      const { port } = t.server.address() as AddressInfo;
      return StoresClient.create({
        discovery: {
          getBaseUrl: async id => `http://localhost:${port}/api/${id}`,
          getExternalBaseUrl: async id => `http://localhost:${port}/api/${id}`,
        },
        auth: mockServices.auth(),
      });
    }
    const asAlice = { credentials: mockCredentials.user(ALICE) };

    it('creates, reads, lists, pages events, deletes and throws the backend error', async () => {
      await t.start();
      const stores = client();

      const dry = await stores.dryRunCreateStore(
        { name: 'typed-shop', owner: 'group:default/a' },
        asAlice,
      );
      expect(dry.store.namespace).toBe('store-typed-shop');

      const store = await stores.createStore(
        { name: 'typed-shop', owner: 'group:default/a' },
        { ...asAlice, idempotencyKey: 'typed-1' },
      );
      expect(store).toMatchObject({ name: 'typed-shop', phase: 'pending' });
      await expect(
        stores.createStore(
          { name: 'typed-shop', owner: 'group:default/a' },
          { ...asAlice, idempotencyKey: 'typed-1' },
        ),
      ).resolves.toMatchObject({ id: store.id });

      await expect(stores.getStore(store.id, asAlice)).resolves.toEqual(store);
      const list = await stores.listStores(
        { owner: 'group:default/a', phase: ['pending'], limit: 5 },
        asAlice,
      );
      expect(list.items.map(s => s.id)).toEqual([store.id]);
      const events = await stores.listStoreEvents(
        store.id,
        { limit: 1 },
        asAlice,
      );
      expect(events.items).toHaveLength(1);

      await expect(stores.retryStore(store.id, asAlice)).rejects.toMatchObject({
        name: 'ResponseError',
        statusCode: 409,
      });
      await expect(
        stores.deleteStore(store.id, asAlice),
      ).resolves.toMatchObject({ phase: 'deleting' });
      await expect(
        stores.getStore('no-such-id', asAlice),
      ).rejects.toMatchObject({
        statusCode: 404,
        body: { error: { message: 'No store with id no-such-id' } },
      });
    });
  },
);

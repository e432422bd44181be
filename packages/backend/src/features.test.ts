import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { backendFeatures } from './features';

// Starts the whole backend (catalog, scaffolder, auth, Kubernetes, stores...):
// 6 s on a loaded 2-core machine, over Jest's 5 s default.
jest.setTimeout(60_000);

describe('backend features', () => {
  it('start together and serve the catalog and scaffolder APIs', async () => {
    const { server } = await startTestBackend({
      features: [
        ...backendFeatures,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            auth: { providers: { guest: {} } },
            // Started without a cluster: the stores API still serves.
            stores: { reconciler: { enabled: false } },
            kubernetes: {
              clusterLocatorMethods: [],
              serviceLocatorMethod: { type: 'multiTenant' },
            },
          },
        }),
      ],
    });

    const entities = await request(server).get('/api/catalog/entities');
    expect(entities.status).toBe(200);
    expect(Array.isArray(entities.body)).toBe(true);

    const actions = await request(server).get('/api/scaffolder/v2/actions');
    expect(actions.status).toBe(200);
    expect(actions.body.map((a: { id: string }) => a.id)).toContain(
      'catalog:register',
    );

    const guest = await request(server).get('/api/auth/guest/refresh');
    expect(guest.status).not.toBe(404);

    // The stores plugin is installed and answers its liveness route.
    const stores = await request(server).get('/api/stores/health');
    expect(stores.status).toBe(200);
    expect(actions.body.map((a: { id: string }) => a.id)).toEqual(
      expect.arrayContaining([
        'stores:create',
        'stores:wait',
        'stores:update',
        'stores:delete',
      ]),
    );
  });
});

import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { backendFeatures } from './features';

describe('backend features', () => {
  it('start together and serve the catalog and scaffolder APIs', async () => {
    const { server } = await startTestBackend({
      features: [
        ...backendFeatures,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            auth: { providers: { guest: {} } },
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
  });
});

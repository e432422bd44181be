import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import request from 'supertest';
import { storesModuleMedusa } from '../module';

export const OWNER = 'user:default/alice';

/**
 * The real stores backend with only the Medusa engine module installed, on
 * an in-memory database, as user alice.
 */
export async function startMedusaOnlyBackend(stores: JsonObject) {
  const backend = await startTestBackend({
    features: [
      // eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the real stores backend, started for the test
      import('@internal/plugin-stores-backend'),
      storesModuleMedusa,
      mockServices.rootConfig.factory({ data: { stores } }),
    ],
  });
  const auth = { Authorization: mockCredentials.user.header(OWNER) };
  const api = {
    create: (body: object, query = '') =>
      request(backend.server)
        .post(`/api/stores/stores${query}`)
        .set(auth)
        .send(body),
    get: (id: string) =>
      request(backend.server).get(`/api/stores/stores/${id}`).set(auth),
    delete: (id: string) =>
      request(backend.server).delete(`/api/stores/stores/${id}`).set(auth),
  };
  return { backend, api };
}

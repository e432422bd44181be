import request from 'supertest';
import {
  ALICE,
  auth,
  RouterTestBackend,
} from '../__testUtils__/routerTestBackend';
import { TestDatabases } from '@backstage/backend-test-utils';

jest.setTimeout(120_000);

/**
 * `GET /rollout` through the real plugin (spec-checked answers under Jest).
 * The turns themselves are RolloutGate.test and rollout.cluster.test's.
 */
describe('GET /rollout', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const backend = new RouterTestBackend(databases, 'SQLITE_3');
  afterEach(() => backend.stop());

  it('answers idle with the configured limits where no reconciler runs, and only to a signed-in caller', async () => {
    await backend.start({
      rollout: { maxConcurrent: 3, failureThreshold: 2 },
    });
    const anonymous = await request(backend.server).get('/api/stores/rollout');
    expect(anonymous.status).toBe(401);
    const res = await request(backend.server)
      .get('/api/stores/rollout')
      .set(auth(ALICE));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      state: 'idle',
      maxConcurrent: 3,
      failureThreshold: 2,
      pending: 0,
      inProgress: 0,
      done: 0,
      failed: 0,
    });
  });

  it('refuses a bad rollout config at start-up, naming the key', async () => {
    await expect(
      backend.start({ rollout: { maxConcurrent: 0 } }),
    ).rejects.toThrow(/stores\.rollout\.maxConcurrent/);
  });
});

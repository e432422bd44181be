import type { Store } from '@internal/plugin-stores-common';
import {
  describeWithCluster,
  testClusterStoresConfig,
} from '@internal/plugin-stores-node/testUtils';
import { randomBytes } from 'node:crypto';
import { MEDUSA_STAGES } from './engine';
import { OWNER, startMedusaOnlyBackend } from './__testUtils__/medusaBackend';

/*
 * A Medusa store through the real stores backend and its reconciler on the
 * local cluster, from create to ready to gone. The cluster's nodes are
 * simulated (kwok): no container runs, pods become Ready and the bootstrap
 * Job Complete by kwok's stages, so this proves the objects, their order,
 * admission (restricted, quota) and readiness, not Medusa itself.
 */

/** Provisioning is a few dozen API round trips; sized for a loaded 2-core machine. */
const READY_BUDGET_MS = 240_000;
/** Namespace deletion with pods and a volume took about 15 s when idle. */
const GONE_BUDGET_MS = 240_000;

async function until<T>(
  what: string,
  budgetMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what} after ${budgetMs / 1000} s`);
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

describeWithCluster('a Medusa store on the local cluster', () => {
  let started: Awaited<ReturnType<typeof startMedusaOnlyBackend>>;
  beforeAll(async () => {
    started = await startMedusaOnlyBackend(testClusterStoresConfig());
  }, 120_000);
  afterAll(() => started?.backend.stop());

  it(
    'goes to ready through every Medusa stage, then is deleted with its namespace',
    async () => {
      const k8s = await import('@kubernetes/client-node');
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(process.env.KUBECONFIG!);
      const core = kc.makeApiClient(k8s.CoreV1Api);
      const batch = kc.makeApiClient(k8s.BatchV1Api);

      const name = `medusa-${randomBytes(3).toString('hex')}`;
      const created = await started.api.create({
        name,
        owner: OWNER,
        engine: 'medusa',
      });
      expect(created.status).toBe(202);
      const id = created.body.id as string;

      const store = await until<Store>(
        'the store to be ready',
        READY_BUDGET_MS,
        async () => {
          const res = await started.api.get(id);
          if (res.body.phase === 'failed') {
            throw new Error(`the store failed: ${res.body.failureReason}`);
          }
          return res.body.phase === 'ready' ? res.body : undefined;
        },
      );
      expect(
        store.conditions
          .filter(c => (MEDUSA_STAGES as readonly string[]).includes(c.type))
          .map(c => [c.type, c.status]),
      ).toEqual(MEDUSA_STAGES.map(type => [type, 'True']));
      expect(store.urls).toEqual({
        storefront: `http://${name}.stores.localhost/`,
        admin: `http://${name}.stores.localhost/app/`,
      });

      const job = await batch.readNamespacedJob({
        name: 'medusa-bootstrap',
        namespace: store.namespace,
      });
      expect(job.status?.conditions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'Complete', status: 'True' }),
        ]),
      );
      const claims = await core.listNamespacedPersistentVolumeClaim({
        namespace: store.namespace,
      });
      expect(
        claims.items.map(c => [c.metadata?.name, c.status?.phase]),
      ).toEqual([['data-postgres-0', 'Bound']]);

      expect((await started.api.delete(id)).status).toBe(202);
      await until('the store to be gone', GONE_BUDGET_MS, async () =>
        (await started.api.get(id)).status === 404 ? true : undefined,
      );
      await until('its namespace to be gone', GONE_BUDGET_MS, async () =>
        core.readNamespace({ name: store.namespace }).then(
          () => undefined,
          (error: { code?: number }) =>
            error.code === 404 ? true : Promise.reject(error),
        ),
      );
    },
    READY_BUDGET_MS + 2 * GONE_BUDGET_MS,
  );
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  chartServiceAccount,
  clusterAvailable,
  describeWithCluster,
} from '@internal/plugin-stores-test-utils';
import {
  createdStoreNamespaces,
  pollUntil,
  startPortal,
  type PortalClient,
} from '../__testUtils__/portal';
import { clusterStoresConfig } from '../__testUtils__/storesBackendForTests';

jest.setTimeout(240_000);

/** Unique store names per run: namespaces of an earlier run may still be terminating. */
const suffix = randomBytes(3).toString('hex');

/**
 * Acceptance 2, against a real backend (catalog + stores backend + this
 * module on SQLite files). A store becomes "gone" only when the stores
 * backend's reconciler has deleted its namespace, so the deletion checks run
 * with the test cluster (guarded, see ./cluster.ts).
 */
describe('StoreEntityProvider in a real backend', () => {
  let databaseDir: string;
  let portal: PortalClient | undefined;

  beforeEach(() => {
    databaseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stores-catalog-it-'));
  });

  afterEach(async () => {
    await portal?.stop();
    portal = undefined;
    fs.rmSync(databaseDir, { recursive: true, force: true });
  });

  afterAll(async () => {
    // Stores left live by the tests keep their namespaces in the shared cluster.
    if (clusterAvailable()) {
      await deleteNamespaces([...createdStoreNamespaces]);
    }
  });

  // The full mutation runs at start-up and then every 30 minutes (see
  // startPortal), so an entity that appears or goes within these polls'
  // budgets got there through the event delta. How fast that is, is measured
  // by the catalog benchmark, not asserted here: wall-clock limits fail on a
  // loaded machine.
  it('makes a created store readable from the catalog through the event delta', async () => {
    portal = await startPortal({ databaseDir });
    const p = portal;

    const createdAt = Date.now();
    const store = await p.createStore(`shop-alpha-${suffix}`);
    const { value: entity } = await pollUntil(
      () => p.getStoreEntity(`shop-alpha-${suffix}`),
      { timeoutMs: 30_000, what: 'the store entity to appear' },
    );
    const appearMs = Date.now() - createdAt;
    console.log(`store entity readable ${appearMs} ms after POST /stores`);

    expect(entity.spec).toMatchObject({
      type: 'woocommerce-store',
      owner: 'group:default/team-a',
    });
    expect(entity.metadata.title).toBe(`Store shop-alpha-${suffix}`);
    expect(entity.metadata.annotations).toMatchObject({
      'stores.backstage.io/store-id': store.id,
      'backstage.io/kubernetes-namespace': store.namespace,
      'backstage.io/kubernetes-label-selector': `stores.backstage.io/store-id=${store.id}`,
    });
    expect(entity.relations).toContainEqual(
      expect.objectContaining({
        type: 'ownedBy',
        targetRef: 'group:default/team-a',
      }),
    );

    // A store being deleted is still live: its entity stays until it is gone.
    await p.deleteStore(store.id);
    await new Promise(r => setTimeout(r, 2_000));
    expect(await p.storeExists(store.id)).toBe(true);
    expect(await p.getStoreEntity(`shop-alpha-${suffix}`)).toBeDefined();
  });

  it('shows a changed display name and description on the entity through the event delta', async () => {
    portal = await startPortal({ databaseDir });
    const p = portal;
    const name = `shop-renamed-${suffix}`;
    const store = await p.createStore(name);
    await pollUntil(() => p.getStoreEntity(name), {
      timeoutMs: 30_000,
      what: 'the store entity to appear',
    });

    const res = await p.fetch(`/api/stores/stores/${store.id}`, {
      method: 'PATCH',
      body: JSON.stringify({
        displayName: 'Renamed Shop',
        description: 'Sells renamed things',
      }),
    });
    expect(res.status).toBe(200);
    const { value: entity } = await pollUntil(
      async () => {
        const found = await p.getStoreEntity(name);
        return found?.metadata.title === 'Renamed Shop' ? found : undefined;
      },
      { timeoutMs: 30_000, what: 'the entity to carry the new title' },
    );
    expect(entity.metadata.description).toBe('Sells renamed things');
  });

  describeWithCluster('with the reconciler on the test cluster', () => {
    // The chart's ServiceAccount (clusterStoresConfig) is set up once, with a
    // budget of its own (helm, kubectl and the API server).
    beforeAll(() => chartServiceAccount(), 120_000);

    it('removes the entity through the event delta once the store is gone', async () => {
      portal = await startPortal({
        databaseDir,
        extraConfig: await clusterStoresConfig(),
      });
      const p = portal;
      const store = await p.createStore(`shop-beta-${suffix}`);
      await pollUntil(() => p.getStoreEntity(`shop-beta-${suffix}`), {
        timeoutMs: 30_000,
        what: 'the store entity to appear',
      });

      await p.deleteStore(store.id);
      await pollUntil(
        async () => ((await p.storeExists(store.id)) ? undefined : true),
        {
          timeoutMs: 120_000,
          intervalMs: 50,
          what: 'the reconciler to finish deleting the store',
        },
      ).catch(async error => {
        // Say why: the store's events tell where the deletion stopped.
        const events = await p.fetch(`/api/stores/stores/${store.id}/events`);
        throw new Error(
          `${error.message}; store events: ${await events.text()}`,
        );
      });
      const goneAt = Date.now();
      await pollUntil(
        async () =>
          (await p.getStoreEntity(`shop-beta-${suffix}`)) ? undefined : true,
        { timeoutMs: 30_000, what: 'the store entity to disappear' },
      );
      const removeMs = Date.now() - goneAt;
      console.log(
        `store entity removed ${removeMs} ms after the store was gone`,
      );
    });
  });

  it('converges to exactly the live stores on the full mutation after a restart', async () => {
    // Deleting a store to the end needs the reconciler and so the cluster.
    const withDeletion = clusterAvailable();
    const clusterConfig = withDeletion ? await clusterStoresConfig() : {};

    // 1. Stores created while the module runs become entities.
    portal = await startPortal({ databaseDir, extraConfig: clusterConfig });
    const p1 = portal;
    const kept = await p1.createStore(`shop-kept-${suffix}`);
    const removed = withDeletion
      ? await p1.createStore(`shop-removed-${suffix}`)
      : undefined;
    const before = removed
      ? [`shop-kept-${suffix}`, `shop-removed-${suffix}`]
      : [`shop-kept-${suffix}`];
    await pollUntil(
      async () => {
        const names = await p1.listStoreEntityNames();
        return names.join() === before.join() ? names : undefined;
      },
      { timeoutMs: 30_000, what: 'the first store entities' },
    );
    await portal.stop();

    // 2. Behind the catalog's back (module not installed), a store is
    // created and (with the cluster) another one deleted: no delta can reach
    // the catalog. The catalog would otherwise evict the entities of a
    // provider that is not installed, which would hide what step 3 repairs.
    portal = await startPortal({
      databaseDir,
      withStoresModule: false,
      extraConfig: {
        ...clusterConfig,
        catalog: { orphanProviderStrategy: 'keep' },
      },
    });
    const p2 = portal;
    if (removed) {
      await p2.deleteStore(removed.id);
      await pollUntil(
        async () => ((await p2.storeExists(removed.id)) ? undefined : true),
        { timeoutMs: 180_000, what: 'the removed store to be gone' },
      );
    }
    const added = await p2.createStore(`shop-added-${suffix}`);
    expect(await p2.listStoreEntityNames()).toEqual(before);
    await portal.stop();

    // 3. Restart with the module: the full mutation after start-up converges.
    portal = await startPortal({ databaseDir, extraConfig: clusterConfig });
    const p3 = portal;
    const { value: names } = await pollUntil(
      async () => {
        const current = await p3.listStoreEntityNames();
        return current.join() === `shop-added-${suffix},shop-kept-${suffix}`
          ? current
          : undefined;
      },
      {
        timeoutMs: 30_000,
        what: 'the catalog to hold exactly the live stores',
      },
    );
    expect(names).toEqual([`shop-added-${suffix}`, `shop-kept-${suffix}`]);
    const keptEntity = await p3.getStoreEntity(`shop-kept-${suffix}`);
    expect(
      keptEntity?.metadata.annotations?.['stores.backstage.io/store-id'],
    ).toBe(kept.id);
    const addedEntity = await p3.getStoreEntity(`shop-added-${suffix}`);
    expect(
      addedEntity?.metadata.annotations?.['stores.backstage.io/store-id'],
    ).toBe(added.id);
  });
});

async function deleteNamespaces(names: string[]) {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(process.env.KUBECONFIG!);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  for (const name of names) {
    await core.deleteNamespace({ name }).catch(() => undefined);
  }
}

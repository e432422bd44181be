import { STORE_INSTANCE_LABEL } from '@internal/plugin-stores-common';
import { describeWithCluster } from '@internal/plugin-stores-test-utils';
import type { KubernetesClient } from '../kubernetes/KubernetesClient';
import {
  settled,
  startTestPortal,
  TestPortal,
  testStoresConfig,
  uniqueStoreNames,
} from './__testUtils__';

/*
 * Acceptance 3 (orphans): stores provisioned by one portal, then the portal
 * "restarts" on an empty database (a new SQLite database, same instance
 * id). Its namespaces are reported as orphans; with `orphans: delete` they
 * are still not deleted while the database holds no live store; their rows
 * are restored from the cluster's labels; a store then lost from the
 * database has its namespace deleted after the grace period, at most
 * `orphanDeleteLimit` per scan. The instance id is this run's own, so other
 * suites' namespaces on the same cluster never count.
 */

jest.setTimeout(300_000);

const { run } = uniqueStoreNames();
const instanceId = `orphans-${run}`;
const GRACE_SECONDS = 1;

async function namespaceState(kube: KubernetesClient, name: string) {
  const ns = await kube.read({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  });
  if (!ns) return 'gone';
  return ns.metadata.deletionTimestamp ? 'terminating' : 'active';
}

/** Waits (bounded) until the grace period has passed on the scanner's clock. */
async function afterGrace() {
  await new Promise(resolve => setTimeout(resolve, GRACE_SECONDS * 1000 + 200));
}

describeWithCluster('Orphaned store namespaces', () => {
  const portals: TestPortal[] = [];

  afterAll(async () => {
    // The last portal first: its reconciler is the one still running.
    for (const portal of portals.reverse()) await portal.dispose();
  });

  it('reports orphans after a restart on an empty database, never deletes them then, restores their rows, and deletes a lost store after the grace period', async () => {
    // 1. A portal provisions three stores (their namespaces are enough).
    const first = await startTestPortal({
      config: testStoresConfig({ instanceId }),
    });
    portals.push(first);
    const kube: KubernetesClient = first.admin;
    const stores = [];
    for (const what of ['a', 'b', 'c']) {
      stores.push(await first.provision(`t${run}-orph-${what}`));
    }
    for (const store of stores) {
      await first.waitForStore(
        store.id,
        s =>
          s?.conditions.some(
            c => c.type === 'NamespaceReady' && c.status === 'True',
          ) ?? false,
        120_000,
      );
      const ns = await kube.read({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: store.namespace },
      });
      expect(ns?.metadata.labels?.[STORE_INSTANCE_LABEL]).toBe(instanceId);
    }
    await first.stop();

    // 2. Restart on an empty database, with orphans: delete.
    const second = await startTestPortal({
      config: testStoresConfig({
        instanceId,
        reconciler: {
          orphans: 'delete',
          orphanGracePeriodSeconds: GRACE_SECONDS,
          orphanDeleteLimit: 1,
        },
      }),
    });
    portals.push(second);
    const { reconciler } = second;
    let report = await reconciler.scanOrphans();
    expect(report.orphans.map(o => o.namespace).sort()).toEqual(
      stores.map(s => s.namespace).sort(),
    );
    expect(report.orphans.map(o => o.storeId).sort()).toEqual(
      stores.map(s => s.id).sort(),
    );
    await afterGrace();
    report = await reconciler.scanOrphans();
    expect(report.heldBack).toMatch(/database holds no live store/);
    expect(report.deleted).toEqual([]);
    for (const store of stores) {
      expect(await namespaceState(kube, store.namespace)).toBe('active');
    }
    console.log(
      `orphans after a restart on an empty database: ${report.orphans.length} reported, 0 deleted (${report.heldBack})`,
    );

    // 3. The rows come back from the cluster's labels.
    const restored = await reconciler.restoreOrphans('user:default/admin');
    expect(restored.skipped).toEqual([]);
    expect(restored.restored.map(s => s.id).sort()).toEqual(
      stores.map(s => s.id).sort(),
    );
    for (const store of stores) {
      const row = await second.database.getStore(store.id);
      // Labels (id, slug, owner) and the Namespace's record annotation.
      expect(row).toMatchObject({
        id: store.id,
        name: store.name,
        namespace: store.namespace,
        owner: store.owner,
        engine: 'woocommerce',
        displayName: store.displayName,
        plan: store.plan,
        createdBy: store.createdBy,
        createdAt: store.createdAt,
      });
    }
    expect((await reconciler.scanOrphans()).orphans).toEqual([]);
    // The restored stores are reconciled again (their objects adopted).
    await second
      .waitForStore(stores[0].id, settled, 180_000)
      .then(s => expect(s?.phase).toBe('ready'));

    // 4. Two stores lost from the database while others live: after the
    // grace period one namespace per scan (orphanDeleteLimit 1) is deleted.
    const [, lostB, lostC] = stores;
    await second
      .knex('store_events')
      .whereIn('store_id', [lostB.id, lostC.id])
      .delete();
    await second.knex('stores').whereIn('id', [lostB.id, lostC.id]).delete();
    report = await reconciler.scanOrphans();
    expect(report.orphans.map(o => o.namespace).sort()).toEqual(
      [lostB.namespace, lostC.namespace].sort(),
    );
    expect(report.deleted).toEqual([]);
    await afterGrace();
    report = await reconciler.scanOrphans();
    expect(report.deleted).toHaveLength(1);
    expect(report.heldBack).toMatch(/1 more orphaned namespace/);
    report = await reconciler.scanOrphans();
    expect(report.deleted.sort()).toEqual(
      [lostB.namespace, lostC.namespace].sort(),
    );
    for (const store of [lostB, lostC]) {
      expect(await namespaceState(kube, store.namespace)).not.toBe('active');
    }
    expect(await namespaceState(kube, stores[0].namespace)).toBe('active');
    console.log(
      `orphans: ${report.deleted.length} namespaces of stores lost from a live database deleted after a ${GRACE_SECONDS} s grace period, one per scan`,
    );
  });
});

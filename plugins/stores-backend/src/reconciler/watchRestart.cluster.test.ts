import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describeWithCluster } from '@internal/plugin-stores-test-utils';
import {
  asChartServiceAccount,
  createSqliteStoresDatabase,
  createTestStore,
  startReconciler,
  testStoresConfig,
  uniqueStoreNames,
  waitForStore,
} from './__testUtils__';
import type { Reconciler } from './Reconciler';
import { mockServices } from '@backstage/backend-test-utils';
import { KubernetesClient } from '../kubernetes/KubernetesClient';

/*
 * Acceptance 7 (watch restart): the reconciler talks to the API server
 * through a local TCP proxy; the test cuts every connection, which fails
 * every watch. While the watches are down no pass acts on the cache; once
 * they are back (resumed from their resourceVersion, cache kept) a resync
 * of a ready store re-applies nothing.
 */

jest.setTimeout(300_000);

const { run } = uniqueStoreNames();

/** A TCP proxy to `target` whose connections the test can cut. */
async function cuttableProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer(client => {
    accepted += 1;
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    accepted: () => accepted,
    cut: () => sockets.forEach(s => s.destroy()),
    close: async () => {
      sockets.forEach(s => s.destroy());
      await new Promise(resolve => server.close(resolve));
    },
  };
}

async function until(what: string, predicate: () => boolean) {
  const deadline = Date.now() + 60_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

describeWithCluster('Reconciler across a watch restart', () => {
  let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
  let reconciler: Reconciler;
  let kube: KubernetesClient;
  let dir: string;
  let namespace: string | undefined;

  afterAll(async () => {
    await reconciler?.stop();
    if (namespace) {
      await kube
        ?.delete({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace },
        })
        .catch(() => undefined);
    }
    await proxy?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('waits while the watches are down and re-applies nothing once they resume', async () => {
    // The kubeconfig of the chart's ServiceAccount (the backend's account),
    // pointed at the proxy.
    const direct = await KubernetesClient.create({
      cluster: await asChartServiceAccount(testStoresConfig().cluster),
      logger: mockServices.logger.mock(),
    });
    const kubeconfig = JSON.parse(direct.kubeConfig.exportConfig());
    const clusterName = direct.kubeConfig.getCurrentCluster()!.name;
    const cluster = kubeconfig.clusters.find(
      (c: { name: string }) => c.name === clusterName,
    ).cluster;
    const server = new URL(cluster.server);
    proxy = await cuttableProxy(server);
    cluster.server = `${server.protocol}//127.0.0.1:${proxy.port}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stores-proxy-'));
    const kubeconfigPath = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kubeconfigPath, JSON.stringify(kubeconfig), {
      mode: 0o600,
    });

    const { database } = await createSqliteStoresDatabase();
    ({ reconciler, kube } = await startReconciler({
      config: testStoresConfig({
        cluster: { kubeconfigPath, context: kubeconfig['current-context'] },
      }),
      database,
    }));
    const store = await createTestStore(database, `t${run}-restart`);
    namespace = store.namespace;
    reconciler.enqueue(store.id);
    const ready = await waitForStore(
      database,
      store.id,
      s => s?.phase === 'ready' || s?.phase === 'failed',
      180_000,
    );
    expect(ready?.phase).toBe('ready');
    await reconciler.whenIdle();
    const before = kube.requestCounts();
    const connectionsBefore = proxy.accepted();

    proxy.cut();
    await until('the watches to fail', () => !reconciler.isWatching());
    // A pass while the cache is not synced does nothing.
    reconciler.enqueue(store.id);
    await reconciler.whenIdle();
    await until('the watches to resume', () => reconciler.isWatching());
    expect(proxy.accepted()).toBeGreaterThan(connectionsBefore);

    // Right after the restart: a resync writes nothing.
    await reconciler.resync();
    await reconciler.whenIdle();
    const after = kube.requestCounts();
    const writes = {
      create: after.create - before.create,
      apply: after.apply - before.apply,
      delete: after.delete - before.delete,
    };
    console.log(
      `watch restart: ${
        proxy.accepted() - connectionsBefore
      } new connections through the proxy; writes by the resync right after: ${JSON.stringify(
        writes,
      )}`,
    );
    expect(writes).toEqual({ create: 0, apply: 0, delete: 0 });
    expect(await database.getStore(store.id)).toMatchObject({
      phase: 'ready',
    });
  });
});

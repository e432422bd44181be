import { createHash } from 'node:crypto';
import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeWithCluster } from '@internal/plugin-stores-test-utils';
import {
  listInNamespace,
  settled,
  startTestPortal,
  testStoresConfig,
  uniqueStoreNames,
  waitFor,
} from './__testUtils__';

jest.setTimeout(180_000);

const { storeName } = uniqueStoreNames();

describeWithCluster('Reconciler process killed mid-provisioning', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stores-crash-'));
  const file = join(dir, 'stores.sqlite');
  const children: ChildProcess[] = [];

  function startChild(): Promise<ChildProcess> {
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        resolve(__dirname, '__testUtils__/runReconcilerProcess.ts'),
      ],
      {
        env: { ...process.env, STORES_TEST_DB_FILE: file, NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', chunk => (stderr += chunk));
    return new Promise((resolveStarted, reject) => {
      child.stdout!.on('data', chunk => {
        if (String(chunk).includes('reconciler-started')) resolveStarted(child);
      });
      child.on('exit', code =>
        reject(new Error(`reconciler process exited with ${code}: ${stderr}`)),
      );
    });
  }

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('reaches ready after a SIGKILL and a restart, with no duplicate objects and the Secret unchanged', async () => {
    // The test's view of the shared database; its own reconciler stays off.
    const portal = await startTestPortal({
      config: testStoresConfig({ reconciler: { enabled: false } }),
      databaseFile: file,
    });
    const { admin: kube, database } = portal;
    const store = await portal.createStore(storeName('crash'));
    try {
      const first = await startChild();
      // Kill it once provisioning is under way: the Secret exists, the store is not ready.
      // Polled often, so the kill lands before the pass that makes it ready.
      const secret = await waitFor(
        'the generated Secret',
        () =>
          kube.read({
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'store-credentials', namespace: store.namespace },
          }),
        found => found !== undefined,
        { timeoutMs: 60_000, intervalMs: 25 },
      );
      first.kill('SIGKILL');
      expect(secret).toBeDefined();
      expect((await database.getStore(store.id))?.phase).not.toBe('ready');
      const secretHash = createHash('sha256')
        .update(JSON.stringify(secret!.data))
        .digest('hex');

      await startChild();
      const ready = await portal.waitForStore(store.id, settled, 120_000);
      expect(ready?.phase).toBe('ready');

      const secretAfter = await kube.read({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'store-credentials', namespace: store.namespace },
      });
      expect(secretAfter!.metadata.resourceVersion).toBe(
        secret!.metadata.resourceVersion,
      );
      expect(
        createHash('sha256')
          .update(JSON.stringify(secretAfter!.data))
          .digest('hex'),
      ).toBe(secretHash);
      const pods = await listInNamespace(kube, 'v1', 'Pod', store.namespace);
      const jobs = await listInNamespace(
        kube,
        'batch/v1',
        'Job',
        store.namespace,
      );
      const deployments = await listInNamespace(
        kube,
        'apps/v1',
        'Deployment',
        store.namespace,
      );
      const statefulSets = await listInNamespace(
        kube,
        'apps/v1',
        'StatefulSet',
        store.namespace,
      );
      expect([jobs.length, deployments.length, statefulSets.length]).toEqual([
        1, 1, 1,
      ]);
      expect(
        pods.filter(p => (p.status as any)?.phase !== 'Succeeded').length,
      ).toBe(2);
    } finally {
      await portal.dispose();
    }
  });
});

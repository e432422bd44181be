import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeWithCluster } from '@internal/plugin-stores-test-utils';
import { KubernetesClient } from '../kubernetes/KubernetesClient';
import {
  createSqliteStoresDatabase,
  createTestStore,
  startReconciler,
  testStoresConfig,
  uniqueStoreNames,
  waitForStore,
} from './__testUtils__';
import type { Reconciler } from './Reconciler';

/*
 * The reconciler needs no cluster-wide right on Secrets: it runs here as a
 * ServiceAccount whose ClusterRole allows `get`/`list`/`watch` on Secrets
 * only for the generated Secret's name (`resourceNames`), which the API
 * server accepts for a list/watch only with the field selector
 * `metadata.name=<that name>`. A cluster-wide Secret list would be 403 and
 * the store would never become ready. The rules are those of
 * docs/reconciler.md ("Cluster access").
 */

jest.setTimeout(180_000);

const { run } = uniqueStoreNames();
const GENERATED_SECRET = 'store-credentials';
const verbs = ['get', 'list', 'watch', 'create', 'patch', 'delete'];

const reconcilerRules = [
  {
    apiGroups: [''],
    resources: [
      'namespaces',
      'resourcequotas',
      'limitranges',
      'services',
      'persistentvolumeclaims',
    ],
    verbs,
  },
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  // `create` cannot be limited by name (the name is not known to RBAC yet).
  { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
  {
    apiGroups: [''],
    resources: ['secrets'],
    resourceNames: [GENERATED_SECRET],
    verbs: ['get', 'list', 'watch', 'patch', 'delete'],
  },
  {
    apiGroups: ['networking.k8s.io'],
    resources: ['networkpolicies', 'ingresses'],
    verbs,
  },
  { apiGroups: ['apps'], resources: ['statefulsets', 'deployments'], verbs },
  { apiGroups: ['batch'], resources: ['jobs'], verbs },
];

describeWithCluster('Reconciler with Secret rights limited by name', () => {
  const accountNamespace = `rbac-${run}`;
  const account = `stores-reconciler-${run}`;
  const role = `stores-reconciler-test-${run}`;
  let admin: KubernetesClient;
  let limited: KubernetesClient;
  let reconciler: Reconciler | undefined;
  let kubeconfigDir: string;
  const namespaces: string[] = [];

  beforeAll(async () => {
    admin = await KubernetesClient.create({
      cluster: testStoresConfig().cluster,
      logger: { info() {} } as any,
    });
    await admin.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: accountNamespace },
    });
    await admin.apply({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: account, namespace: accountNamespace },
    });
    await admin.apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: role },
      rules: reconcilerRules,
    });
    await admin.apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: role },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: role,
      },
      subjects: [
        { kind: 'ServiceAccount', name: account, namespace: accountNamespace },
      ],
    });
    const core = admin.kubeConfig.makeApiClient(admin.module.CoreV1Api);
    const token = await core.createNamespacedServiceAccountToken({
      name: account,
      namespace: accountNamespace,
      body: { spec: { audiences: [], expirationSeconds: 3600 } } as any,
    });
    const cluster = admin.kubeConfig.getCurrentCluster()!;
    kubeconfigDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stores-rbac-'));
    const kubeconfigPath = path.join(kubeconfigDir, 'kubeconfig');
    fs.writeFileSync(
      kubeconfigPath,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'test',
            cluster: {
              server: cluster.server,
              'certificate-authority-data': cluster.caData,
              'certificate-authority': cluster.caFile,
            },
          },
        ],
        users: [{ name: 'sa', user: { token: token.status!.token } }],
        contexts: [{ name: 'sa', context: { cluster: 'test', user: 'sa' } }],
        'current-context': 'sa',
      }),
      { mode: 0o600 },
    );
    const config = testStoresConfig({
      cluster: { kubeconfigPath, context: undefined },
    });
    limited = await KubernetesClient.create({
      cluster: config.cluster,
      logger: { info() {} } as any,
    });
    // RBAC reaches the API server's authorizer through its watch cache:
    // wait (bounded) until the role is in force.
    for (let i = 0; i < 100; i++) {
      const ok = await limited
        .list({ apiVersion: 'v1', kind: 'Namespace', labelSelector: 'x=y' })
        .then(
          () => true,
          () => false,
        );
      if (ok) break;
      await new Promise(r => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    await reconciler?.stop();
    for (const name of [...namespaces, accountNamespace]) {
      await admin
        .delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
        .catch(() => undefined);
    }
    for (const kind of ['ClusterRoleBinding', 'ClusterRole']) {
      await admin
        .delete({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind,
          metadata: { name: role },
        })
        .catch(() => undefined);
    }
    fs.rmSync(kubeconfigDir, { recursive: true, force: true });
  });

  it('is refused a cluster-wide Secret list, and allowed one by name', async () => {
    await expect(
      limited.list({ apiVersion: 'v1', kind: 'Secret' }),
    ).rejects.toMatchObject({ code: 403 });
    await expect(
      limited.list({
        apiVersion: 'v1',
        kind: 'Secret',
        fieldSelector: `metadata.name=${GENERATED_SECRET}`,
      }),
    ).resolves.toMatchObject({ items: expect.any(Array) });
  });

  it('provisions a store to ready and deletes it as that account', async () => {
    const { database } = await createSqliteStoresDatabase();
    const config = testStoresConfig({
      cluster: {
        kubeconfigPath: path.join(kubeconfigDir, 'kubeconfig'),
        context: undefined,
      },
    });
    ({ reconciler } = await startReconciler({ config, database }));
    const store = await createTestStore(database, `t${run}-rbac`);
    namespaces.push(store.namespace);
    reconciler.enqueue(store.id);
    const ready = await waitForStore(
      database,
      store.id,
      s => s?.phase === 'ready' || s?.phase === 'failed',
      120_000,
    );
    expect(ready?.phase).toBe('ready');
    const secret = await admin.read({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: GENERATED_SECRET, namespace: store.namespace },
    });
    expect(secret?.data).toBeDefined();

    await database.markDeleting(store.id, 'user:default/tester');
    reconciler.enqueue(store.id);
    await waitForStore(database, store.id, s => s === undefined, 120_000);
  });
});

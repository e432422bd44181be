import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Entity } from '@backstage/catalog-model';
import { STORE_ID_LABEL } from '@internal/plugin-stores-common';
import { describeWithCluster } from '@internal/plugin-stores-test-utils';
import {
  pollUntil,
  startPortal,
  type PortalClient,
} from '../__testUtils__/portal';

jest.setTimeout(180_000);

type K8s = typeof import('@kubernetes/client-node');

interface ServicesResponse {
  items: Array<{
    cluster: { name: string };
    errors: unknown[];
    resources: Array<{
      type: string;
      resources: Array<{
        metadata: { name: string; labels?: Record<string, string> };
      }>;
    }>;
  }>;
}

/**
 * Acceptance 3: the stock Kubernetes backend, configured with the local
 * cluster through a read-only service account, lists a store's workloads
 * for the store's catalog entity (found by its namespace and label selector
 * annotations).
 */
describeWithCluster('Kubernetes plugin on a store entity', () => {
  const suffix = randomBytes(3).toString('hex');
  const readerName = `stores-catalog-it-reader-${suffix}`;
  const readerNamespace = `stores-catalog-it-${suffix}`;
  const storeName = `k8s-shop-${suffix}`;
  let k8s: K8s;
  let kc: InstanceType<K8s['KubeConfig']>;
  let objects: InstanceType<K8s['KubernetesObjectApi']>;
  let databaseDir: string;
  let portal: PortalClient | undefined;
  const created: Array<{
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string };
  }> = [];

  async function create<
    T extends {
      apiVersion: string;
      kind: string;
      metadata: { name: string; namespace?: string };
    },
  >(obj: T) {
    await objects.create(obj);
    created.push(obj);
  }

  beforeAll(async () => {
    k8s = await import('@kubernetes/client-node');
    kc = new k8s.KubeConfig();
    kc.loadFromFile(process.env.KUBECONFIG!);
    objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    databaseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stores-catalog-k8s-'));
  });

  afterAll(async () => {
    await portal?.stop();
    for (const obj of created.reverse()) {
      await objects.delete(obj).catch(() => undefined);
    }
    fs.rmSync(databaseDir, { recursive: true, force: true });
  });

  /** A read-only identity for the Kubernetes plugin, as a platform team would set it up. */
  async function createReaderToken(): Promise<string> {
    await create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: readerNamespace },
    });
    await create({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: readerName, namespace: readerNamespace },
    });
    await create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: readerName },
      rules: [
        {
          apiGroups: ['', 'apps', 'batch', 'networking.k8s.io', 'autoscaling'],
          resources: [
            'pods',
            'services',
            'configmaps',
            'limitranges',
            'resourcequotas',
            'deployments',
            'replicasets',
            'statefulsets',
            'daemonsets',
            'jobs',
            'cronjobs',
            'ingresses',
            'horizontalpodautoscalers',
          ],
          verbs: ['get', 'list', 'watch'],
        },
      ],
    } as any);
    await create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: readerName },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: readerName,
      },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: readerName,
          namespace: readerNamespace,
        },
      ],
    } as any);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const tokenRequest = await core.createNamespacedServiceAccountToken({
      name: readerName,
      namespace: readerNamespace,
      body: { spec: { audiences: [], expirationSeconds: 3600 } } as any,
    });
    return tokenRequest.status!.token;
  }

  it('returns the Deployment and Pods labelled with the store id', async () => {
    const token = await createReaderToken();
    const cluster = kc.getCurrentCluster()!;
    // The reader token must not be able to write: read-only as configured.
    const readerConfig = new k8s.KubeConfig();
    readerConfig.loadFromOptions({
      clusters: [cluster],
      users: [{ name: 'reader', token }],
      contexts: [{ name: 'reader', cluster: cluster.name, user: 'reader' }],
      currentContext: 'reader',
    });
    await expect(
      k8s.KubernetesObjectApi.makeApiClient(readerConfig).create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'nope', namespace: readerNamespace },
      }),
    ).rejects.toThrow(/forbidden|403/i);

    portal = await startPortal({
      databaseDir,
      extraFeatures: [import('@backstage/plugin-kubernetes-backend')],
      extraConfig: {
        kubernetes: {
          serviceLocatorMethod: { type: 'multiTenant' },
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'local',
                  url: cluster.server,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: token,
                  caData: readCaData(cluster),
                  skipMetricsLookup: true,
                },
              ],
            },
          ],
        },
      },
    });
    const p = portal;
    const store = await p.createStore(storeName);

    // The store's workload, labelled as the reconciler labels it, plus an
    // unrelated Deployment in the same namespace that must not be listed.
    await create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: store.namespace,
        labels: { [STORE_ID_LABEL]: store.id },
      },
    });
    for (const [name, labels] of [
      ['wordpress', { app: `wp-${suffix}`, [STORE_ID_LABEL]: store.id }],
      ['unrelated', { app: `other-${suffix}` }],
    ] as const) {
      await create({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: store.namespace, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: labels.app } },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                { name: 'main', image: 'registry.invalid/placeholder:1' },
              ],
            },
          },
        },
      } as any);
    }

    const { value: entity } = await pollUntil(
      () => p.getStoreEntity(storeName),
      {
        timeoutMs: 30_000,
        what: 'the store entity',
      },
    );

    // Pods come from the cluster's controllers (kwok simulates the nodes).
    const { value: body } = await pollUntil(
      async () => {
        const res = await p.fetch(`/api/kubernetes/services/${storeName}`, {
          method: 'POST',
          body: JSON.stringify({ entity: entity as Entity }),
        });
        expect(res.status).toBe(200);
        const json = (await res.json()) as ServicesResponse;
        const pods = resourcesOf(json, 'pods');
        return pods.length > 0 ? json : undefined;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 1000,
        what: 'the store pod to be listed',
      },
    );

    expect(body.items).toHaveLength(1);
    expect(body.items[0].cluster.name).toBe('local');
    expect(body.items[0].errors).toEqual([]);
    expect(resourcesOf(body, 'deployments').map(d => d.metadata.name)).toEqual([
      'wordpress',
    ]);
    const pods = resourcesOf(body, 'pods');
    expect(
      pods.every(pod => pod.metadata.labels?.[STORE_ID_LABEL] === store.id),
    ).toBe(true);
    expect(pods[0].metadata.name).toMatch(/^wordpress-/);
  });
});

function resourcesOf(body: ServicesResponse, type: string) {
  return body.items.flatMap(item =>
    item.resources.filter(r => r.type === type).flatMap(r => r.resources),
  );
}

/** The cluster CA as base64 PEM, from the kubeconfig (inline or file). */
function readCaData(cluster: {
  caData?: string;
  caFile?: string;
}): string | undefined {
  if (cluster.caData) return cluster.caData;
  if (cluster.caFile) return fs.readFileSync(cluster.caFile).toString('base64');
  return undefined;
}

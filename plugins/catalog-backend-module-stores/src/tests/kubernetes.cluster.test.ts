import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Entity } from '@backstage/catalog-model';
import { STORE_ID_LABEL } from '@internal/plugin-stores-common';
import {
  chartAppConfig,
  chartServiceAccount,
  describeWithCluster,
  type ChartServiceAccount,
} from '@internal/plugin-stores-test-utils';
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
 * cluster as the chart configures it (the portal's own ServiceAccount, whose
 * ClusterRole lets it list the chart's object types and nothing more), lists
 * a store's workloads for the store's catalog entity (found by its namespace
 * and label selector annotations), with no error for any object type.
 */
describeWithCluster('Kubernetes plugin on a store entity', () => {
  const suffix = randomBytes(3).toString('hex');
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

  // The identity the chart gives the portal: its ServiceAccount, with a
  // token from the TokenRequest API, and the chart's Kubernetes tab
  // settings (helm, kubectl and the API server: a budget of its own).
  let account: ChartServiceAccount;
  let tabConfig: { objectTypes: string[] };
  beforeAll(async () => {
    account = await chartServiceAccount();
    tabConfig = (await chartAppConfig()).kubernetes;
  }, 120_000);

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

  it('returns the Deployment and Pods labelled with the store id', async () => {
    const { token } = account;
    const cluster = kc.getCurrentCluster()!;
    // The account cannot write outside store namespaces, nor read ConfigMaps.
    const accountConfig = new k8s.KubeConfig();
    accountConfig.loadFromFile(account.kubeconfigPath);
    await expect(
      k8s.KubernetesObjectApi.makeApiClient(accountConfig).create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'nope', namespace: account.namespace },
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
          objectTypes: tabConfig.objectTypes,
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

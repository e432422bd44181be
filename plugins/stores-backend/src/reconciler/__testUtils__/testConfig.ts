import { chartServiceAccount } from '@internal/plugin-stores-test-utils';
import { DEFAULT_PLANS } from '../../config';
import type { StoresConfig } from '../../types';

/** A StoresConfig for tests and the benchmark against the local cluster. */
export function testStoresConfig(
  overrides: {
    instanceId?: string;
    reconciler?: Partial<StoresConfig['reconciler']>;
    cluster?: Partial<StoresConfig['cluster']>;
  } = {},
): StoresConfig {
  return {
    instanceId: overrides.instanceId ?? 'default',
    cluster: {
      inCluster: false,
      kubeconfigPath: process.env.KUBECONFIG,
      context: process.env.STORES_TEST_KUBE_CONTEXT || undefined,
      qps: 50,
      burst: 100,
      ...overrides.cluster,
    },
    settings: {
      baseDomain: 'stores.test',
      scheme: 'http',
      ingressClassName: 'nginx',
      // The local cluster binds only PVCs of its kwok-volume class.
      storageClassName:
        process.env.STORES_TEST_STORAGE_CLASS ??
        (process.env.STORES_TEST_CLUSTER === 'external'
          ? undefined
          : 'kwok-volume'),
      images: {
        wordpress: 'wordpress:6.8-php8.3-apache',
        mariadb: 'mariadb:11.4',
        wpcli: 'wordpress:cli-2.12-php8.3',
      },
    },
    plans: Object.fromEntries(
      Object.entries(DEFAULT_PLANS).map(([name, plan]) => [
        name,
        { name, ...plan },
      ]),
    ),
    defaultPlan: 'small',
    limits: { perOwner: 1000, total: 1000 },
    reconciler: {
      enabled: true,
      concurrency: 8,
      resyncIntervalSeconds: 3600,
      provisionTimeoutSeconds: 300,
      namespaceDeletionTimeoutSeconds: 300,
      leaseSeconds: 4,
      orphans: 'report',
      orphanGracePeriodSeconds: 3600,
      orphanDeleteLimit: 5,
      orphanScanIntervalSeconds: 3600,
      backoffBaseMs: 200,
      backoffMaxMs: 5000,
      ...overrides.reconciler,
    },
  };
}

/** The chart ServiceAccount's kubeconfig, once a test process has it. */
const CHART_KUBECONFIG_ENV = 'STORES_TEST_CHART_SA_KUBECONFIG';

/**
 * The cluster access of the backend under test: the reconciler talks to the
 * cluster as the Helm chart's ServiceAccount (a TokenRequest token, the
 * rendered ClusterRole and admission policy; see chartServiceAccount), never
 * as the admin, so the chart's RBAC is proven by every cluster suite. A
 * backend given a TLS Secret gets the account the chart renders for that
 * value (`stores.tls.secretName`: it may read that name too).
 * The admin's kubeconfig (testStoresConfig's default: the tests' own hand for
 * arranging and checking) is swapped for the account's; a kubeconfig a test
 * made itself (another account, a proxy) is kept as it is.
 */
export async function asChartServiceAccount(
  cluster: StoresConfig['cluster'],
  tlsSecretName?: string,
): Promise<StoresConfig['cluster']> {
  if (cluster.kubeconfigPath !== testStoresConfig().cluster.kubeconfigPath) {
    return cluster;
  }
  if (tlsSecretName) {
    const { kubeconfigPath } = await chartServiceAccount({
      values: { 'stores.tls.secretName': tlsSecretName },
    });
    return { ...cluster, kubeconfigPath };
  }
  const kubeconfigPath =
    process.env[CHART_KUBECONFIG_ENV] ||
    (await chartServiceAccount()).kubeconfigPath;
  // Child processes of the test (replicas, crash) inherit the account's
  // kubeconfig rather than render and apply the chart again.
  process.env[CHART_KUBECONFIG_ENV] = kubeconfigPath;
  return { ...cluster, kubeconfigPath };
}

/**
 * Every kind the reconciler writes (and Pods, which it only reads to get a
 * failed Job's termination message). The watch cache keeps one informer per
 * kind across all namespaces, filtered by the managed-by label; Secrets
 * (`watchedByName`) get one informer per Secret name instead, so that the
 * backend never needs the right to list every Secret of the cluster.
 */
export interface ManagedKind {
  apiVersion: string;
  kind: string;
  /** Collection path across all namespaces, for list and watch. */
  path: string;
  namespaced: boolean;
  /** Listed and watched only by name (field selector `metadata.name`). */
  watchedByName?: boolean;
}

function kind(
  apiVersion: string,
  name: string,
  plural: string,
  options: { namespaced?: boolean; watchedByName?: boolean } = {},
): ManagedKind {
  const root = apiVersion.includes('/')
    ? `/apis/${apiVersion}`
    : `/api/${apiVersion}`;
  return {
    apiVersion,
    kind: name,
    path: `${root}/${plural}`,
    namespaced: options.namespaced ?? true,
    watchedByName: options.watchedByName,
  };
}

export const MANAGED_KINDS: readonly ManagedKind[] = [
  kind('v1', 'Namespace', 'namespaces', { namespaced: false }),
  kind('v1', 'ResourceQuota', 'resourcequotas'),
  kind('v1', 'LimitRange', 'limitranges'),
  kind('networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies'),
  kind('v1', 'Secret', 'secrets', { watchedByName: true }),
  kind('v1', 'Service', 'services'),
  kind('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims'),
  kind('apps/v1', 'StatefulSet', 'statefulsets'),
  kind('apps/v1', 'Deployment', 'deployments'),
  kind('networking.k8s.io/v1', 'Ingress', 'ingresses'),
  kind('batch/v1', 'Job', 'jobs'),
  kind('batch/v1', 'CronJob', 'cronjobs'),
  kind('v1', 'Pod', 'pods'),
];

export function managedKind(apiVersion: string, kindName: string): ManagedKind {
  const found = MANAGED_KINDS.find(
    k => k.kind === kindName && k.apiVersion === apiVersion,
  );
  if (!found) {
    throw new Error(
      `${apiVersion} ${kindName} is not a kind the stores reconciler manages`,
    );
  }
  return found;
}

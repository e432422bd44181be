// This library defines describe blocks for the tests that import it, so the
// jest plugin takes it for a test file; exporting is its purpose.
/* eslint-disable jest/no-export */
import fs from 'node:fs';

/**
 * Why the cluster tests cannot run, or undefined when they can: they need
 * `STORES_TEST_CLUSTER` and a readable `KUBECONFIG` (scripts/with-cluster
 * sets both).
 */
function missingCluster(): string | undefined {
  const kubeconfig = process.env.KUBECONFIG;
  if (
    process.env.STORES_TEST_CLUSTER &&
    kubeconfig &&
    fs.existsSync(kubeconfig)
  ) {
    return undefined;
  }
  return 'STORES_TEST_REQUIRE_CLUSTER=1 but no cluster is configured: run the tests through scripts/with-cluster (it sets STORES_TEST_CLUSTER and a readable KUBECONFIG)';
}

/** Set by the test command: a missing cluster fails, never a silent skip. */
function clusterRequired(): boolean {
  return process.env.STORES_TEST_REQUIRE_CLUSTER === '1';
}

/**
 * Whether the cluster tests run. With `STORES_TEST_REQUIRE_CLUSTER=1` a
 * missing cluster throws instead of answering false.
 */
export function clusterAvailable(): boolean {
  const problem = missingCluster();
  if (problem && clusterRequired()) {
    throw new Error(problem);
  }
  return !problem;
}

/**
 * `describe` for tests that need something this machine may not have:
 * skipped when `missing` says what is missing, or, when `required` (the
 * test command sets that), replaced by one failing test that says it.
 */
export function describeWhenAvailable(
  name: string,
  options: { missing: string | undefined; required: boolean; needs: string },
  fn: () => void,
): void {
  const { missing, required, needs } = options;
  if (missing && required) {
    // eslint-disable-next-line jest/valid-title
    describe(name, () => {
      // eslint-disable-next-line jest/expect-expect, jest/valid-title
      it(`needs ${needs}`, () => {
        throw new Error(missing);
      });
    });
    return;
  }
  // eslint-disable-next-line jest/valid-title
  (missing ? describe.skip : describe)(name, fn);
}

/**
 * `describe` for tests that need the Kubernetes cluster: skipped without
 * one, or, with `STORES_TEST_REQUIRE_CLUSTER=1`, replaced by one failing
 * test that says what is missing.
 */
export function describeWithCluster(name: string, fn: () => void): void {
  describeWhenAvailable(
    name,
    {
      missing: missingCluster(),
      required: clusterRequired(),
      needs: 'a Kubernetes cluster',
    },
    fn,
  );
}

/**
 * The engine settings the test cluster needs: on the local cluster its
 * storage class (the only one whose claims it binds); an external cluster
 * uses its default class.
 */
export function testClusterEngineSettings(): { storageClassName?: string } {
  return process.env.STORES_TEST_CLUSTER === 'external'
    ? {}
    : { storageClassName: 'kwok-volume' };
}

/**
 * The `stores:` config that points a test backend's reconciler at the test
 * cluster (`KUBECONFIG` unless given), with short backoffs and no periodic
 * resync; on the local cluster, its storage class (the only one whose
 * claims it binds).
 */
export function testClusterStoresConfig(
  kubeconfigPath: string = process.env.KUBECONFIG ?? '',
) {
  return {
    cluster: {
      kubeconfigPath,
      ...(process.env.STORES_TEST_KUBE_CONTEXT
        ? { context: process.env.STORES_TEST_KUBE_CONTEXT }
        : {}),
    },
    ...testClusterEngineSettings(),
    reconciler: {
      enabled: true,
      resyncIntervalSeconds: 3600,
      backoffBaseMs: 200,
      backoffMaxMs: 5000,
    },
  };
}

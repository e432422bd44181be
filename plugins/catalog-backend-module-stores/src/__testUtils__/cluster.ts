import fs from 'node:fs';

/**
 * Whether the cluster tests run. They need `STORES_TEST_CLUSTER` (set by
 * scripts/with-cluster) and a readable `KUBECONFIG`. With
 * `STORES_TEST_REQUIRE_CLUSTER=1` (the README's test command) a missing
 * cluster is an error, so a silent skip can never pass.
 */
export function clusterAvailable(): boolean {
  const kubeconfig = process.env.KUBECONFIG;
  const usable =
    !!process.env.STORES_TEST_CLUSTER &&
    !!kubeconfig &&
    fs.existsSync(kubeconfig);
  if (!usable && process.env.STORES_TEST_REQUIRE_CLUSTER === '1') {
    throw new Error(
      'STORES_TEST_REQUIRE_CLUSTER=1 but no cluster: run the tests through scripts/with-cluster (STORES_TEST_CLUSTER and a readable KUBECONFIG are needed)',
    );
  }
  return usable;
}

export const describeWithCluster = clusterAvailable()
  ? describe
  : describe.skip;

/**
 * Cluster tests run when STORES_TEST_CLUSTER is set (scripts/with-cluster
 * sets it with KUBECONFIG). The README's test command also sets
 * STORES_TEST_REQUIRE_CLUSTER=1: then a missing cluster fails the suite,
 * never a silent skip.
 */
export function clusterTestsEnabled(): boolean {
  const available = Boolean(
    process.env.STORES_TEST_CLUSTER && process.env.KUBECONFIG,
  );
  if (!available && process.env.STORES_TEST_REQUIRE_CLUSTER === '1') {
    throw new Error(
      'STORES_TEST_REQUIRE_CLUSTER=1 but no cluster is configured: run the tests through scripts/with-cluster (sets STORES_TEST_CLUSTER and KUBECONFIG)',
    );
  }
  return available;
}

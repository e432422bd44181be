import { describeWithCluster } from '@internal/plugin-stores-test-utils';
import { startTestPortal, TestPortal } from './portal';

type PortalOptions = Parameters<typeof startTestPortal>[0];

/**
 * A portal for the tests of the enclosing describe block: started before
 * them, disposed after them (reconciler stopped, its stores' namespaces
 * deleted). Its fields are there from the first hook that runs after this
 * one; a suite may call it twice for two portals.
 */
export function usePortal(options: PortalOptions = {}): TestPortal {
  let portal: TestPortal | undefined;
  let failed = false;
  beforeAll(async () => {
    try {
      portal = await startTestPortal(options);
    } catch (error) {
      failed = true;
      throw error;
    }
  });
  afterAll(async () => {
    await portal?.dispose();
  });
  return new Proxy({} as TestPortal, {
    get(_, key) {
      if (!portal) {
        throw new Error(
          failed
            ? 'The test portal did not start (see the first error)'
            : `The test portal starts in beforeAll; read ${String(
                key,
              )} inside a hook or test`,
        );
      }
      return Reflect.get(portal, key);
    },
  });
}

/**
 * A reconciler suite against the test cluster: `describeWithCluster` (so it
 * is skipped, or fails with STORES_TEST_REQUIRE_CLUSTER=1, without one) with
 * one portal for all its tests. The suite states only its own arrangement.
 */
export function describeReconcilerSuite(
  name: string,
  options: PortalOptions,
  fn: (portal: TestPortal) => void,
): void {
  describeWithCluster(name, () => fn(usePortal(options)));
}

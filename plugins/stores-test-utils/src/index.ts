/**
 * Test helpers shared by the stores packages. Used only as a devDependency,
 * from tests.
 *
 * @packageDocumentation
 */
export * from './chart';
export * from './chartServiceAccount';
export * from './clusterRoleRules';
// The cluster guard lives with the engine conformance kit, which needs it.
export {
  clusterAvailable,
  describeWhenAvailable,
  describeWithCluster,
  testClusterStoresConfig,
} from '@internal/plugin-stores-node/testUtils';
export * from './storesService';

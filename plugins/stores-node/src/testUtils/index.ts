/**
 * Test utilities of the stores node library: the engine conformance kit, the
 * guard for tests that need a Kubernetes cluster and a module that adds a
 * test's own engine. Import from tests only.
 *
 * @packageDocumentation
 */
export {
  clusterAvailable,
  describeWhenAvailable,
  describeWithCluster,
  testClusterEngineSettings,
  testClusterStoresConfig,
} from './cluster';
export { engineTestModule } from './engineModule';
export {
  runEngineConformanceTests,
  type EngineConformanceOptions,
} from './conformance/runEngineConformanceTests';
export { runBackupConformanceTests } from './conformance/runBackupConformanceTests';
export type { ReadinessFixture } from './conformance/readinessFixtures';
export { conformanceContext, conformanceStore } from './conformance/fixtures';

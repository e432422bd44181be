/**
 * Test utilities of the stores node library: the engine conformance kit and
 * the guard for tests that need a Kubernetes cluster. Import from tests only.
 *
 * @packageDocumentation
 */
export { clusterAvailable, describeWithCluster } from './cluster';
export {
  runEngineConformanceTests,
  type EngineConformanceOptions,
} from './conformance/runEngineConformanceTests';
export type { ReadinessFixture } from './conformance/readinessFixtures';
export { conformanceContext, conformanceStore } from './conformance/fixtures';

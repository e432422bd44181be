import {
  testClusterEngineSettings,
  runEngineConformanceTests,
} from '@internal/plugin-stores-node/testUtils';
import { WooCommerceEngine } from './WooCommerceEngine';

runEngineConformanceTests(WooCommerceEngine.create(), {
  clusterSettings: testClusterEngineSettings(),
});

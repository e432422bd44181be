import {
  testClusterEngineSettings,
  runEngineConformanceTests,
} from '@internal/plugin-stores-node/testUtils';
import { MedusaEngine } from './MedusaEngine';

runEngineConformanceTests(MedusaEngine.create(), {
  clusterSettings: testClusterEngineSettings(),
});

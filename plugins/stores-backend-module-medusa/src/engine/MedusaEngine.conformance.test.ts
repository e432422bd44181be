import { runEngineConformanceTests } from '@internal/plugin-stores-node/testUtils';
import { MedusaEngine } from './MedusaEngine';

runEngineConformanceTests(MedusaEngine.create(), {
  // The local cluster binds only claims of its kwok-volume class.
  clusterSettings: {
    storageClassName:
      process.env.STORES_TEST_CLUSTER === 'external'
        ? undefined
        : 'kwok-volume',
  },
});

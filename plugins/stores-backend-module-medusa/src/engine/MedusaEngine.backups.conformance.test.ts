import { runBackupConformanceTests } from '@internal/plugin-stores-node/testUtils';
import { MedusaEngine } from './MedusaEngine';

runBackupConformanceTests(MedusaEngine.create());

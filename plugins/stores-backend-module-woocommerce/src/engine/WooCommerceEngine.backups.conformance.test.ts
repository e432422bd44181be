import { runBackupConformanceTests } from '@internal/plugin-stores-node/testUtils';
import { WooCommerceEngine } from './WooCommerceEngine';

runBackupConformanceTests(WooCommerceEngine.create());

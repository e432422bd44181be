import type { StoreEngine } from '../../engine';
import { testClusterEngineSettings } from '../cluster';
import { runEngineConformanceTests } from './runEngineConformanceTests';

/**
 * The engine contract of {@link runEngineConformanceTests} for a store with
 * backups, with either target (a claim in the store's namespace, an s3
 * bucket): labels, no secret value, restricted pods without a token,
 * hardening, egress never to the internal ranges, the plan's quota holding
 * the backup pod and claim. Call it at the top level of an engine's test
 * file.
 */
export function runBackupConformanceTests(engine: StoreEngine): void {
  const clusterSettings = testClusterEngineSettings();
  runEngineConformanceTests(engine, {
    variant: 'backups on a claim',
    settings: { backups: { target: { type: 'pvc', storage: '4Gi' } } },
    clusterSettings,
  });
  runEngineConformanceTests(engine, {
    variant: 'backups to s3',
    settings: {
      backups: {
        target: {
          type: 's3',
          endpoint: 'https://s3.example.com',
          bucket: 'store-backups',
          region: 'eu-west-1',
          credentialsSecret: 'backup-s3-credentials',
        },
      },
    },
    clusterSettings,
  });
}

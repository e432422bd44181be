import { runEngineConformanceTests } from '@internal/plugin-stores-node/testUtils';
import { WooCommerceEngine } from './WooCommerceEngine';

/*
 * A store with backups keeps the whole engine contract (labels, no secret
 * value, restricted pods without a token, hardening, egress never to the
 * internal ranges, the plan's quota holding the backup pod and claim), with
 * either target.
 */

const clusterSettings = {
  // The local cluster binds only claims of its kwok-volume class.
  storageClassName:
    process.env.STORES_TEST_CLUSTER === 'external' ? undefined : 'kwok-volume',
};

runEngineConformanceTests(WooCommerceEngine.create(), {
  variant: 'backups on a claim',
  settings: { backups: { target: { type: 'pvc', storage: '4Gi' } } },
  clusterSettings,
});

runEngineConformanceTests(WooCommerceEngine.create(), {
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

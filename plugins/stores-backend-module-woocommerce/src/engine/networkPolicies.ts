import type { StoreNetwork } from '@internal/plugin-stores-node';
import { APPS } from './labels';
import { NAMES } from './names';

/**
 * Beyond default deny and DNS, only what the store needs: the ingress
 * controller to WordPress, WordPress and the bootstrap Job to MariaDB, and
 * HTTPS to the internet (not to internal ranges) for the bootstrap Job,
 * which downloads WooCommerce from wordpress.org.
 */
export const NETWORK: StoreNetwork = {
  ingress: {
    name: NAMES.allowIngressToWordpress,
    app: APPS.storefront,
    port: 80,
  },
  paths: [
    {
      name: 'database',
      clients: [APPS.storefront, APPS.bootstrap],
      server: APPS.database,
      port: 3306,
    },
  ],
  httpsEgress: [{ name: NAMES.allowBootstrapDownloads, app: APPS.bootstrap }],
};

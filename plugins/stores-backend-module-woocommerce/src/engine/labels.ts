import { foundationApps, type StoreApp } from '@internal/plugin-stores-node';

/**
 * The parts of a WooCommerce store, as app labels (pods are selected by
 * their app's name and component).
 */
export const APPS = {
  ...foundationApps('woocommerce-store'),
  database: { name: 'mariadb', component: 'database' },
  storefront: { name: 'wordpress', component: 'storefront' },
  ingress: { name: 'wordpress', component: 'ingress' },
  bootstrap: { name: 'wp-cli', component: 'bootstrap' },
} as const satisfies Record<string, StoreApp>;

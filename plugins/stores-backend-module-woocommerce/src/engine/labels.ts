import type { StoreApp } from '@internal/plugin-stores-node';

/** Stable pod selectors (selectors are immutable, so they carry no store data). */
export const SELECTORS = {
  database: {
    'app.kubernetes.io/name': 'mariadb',
    'app.kubernetes.io/component': 'database',
  },
  storefront: {
    'app.kubernetes.io/name': 'wordpress',
    'app.kubernetes.io/component': 'storefront',
  },
  bootstrap: {
    'app.kubernetes.io/name': 'wp-cli',
    'app.kubernetes.io/component': 'bootstrap',
  },
} as const;

/** The parts of a WooCommerce store, as app labels. */
export const APPS = {
  namespace: { name: 'woocommerce-store', component: 'namespace' },
  policy: { name: 'woocommerce-store', component: 'policy' },
  credentials: { name: 'woocommerce-store', component: 'credentials' },
  database: { name: 'mariadb', component: 'database' },
  storefront: { name: 'wordpress', component: 'storefront' },
  ingress: { name: 'wordpress', component: 'ingress' },
  bootstrap: { name: 'wp-cli', component: 'bootstrap' },
} as const satisfies Record<string, StoreApp>;

import {
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  STORE_ID_LABEL,
  STORE_SLUG_LABEL,
  STORE_OWNER_ANNOTATION as OWNER_ANNOTATION,
  Store,
} from '@internal/plugin-stores-common';

export { OWNER_ANNOTATION };

/** Labels on every object of a store: managed-by, store id, slug, app labels. */
export function storeLabels(
  store: Store,
  app: { name: string; component: string },
): Record<string, string> {
  return {
    [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
    [STORE_ID_LABEL]: store.id,
    [STORE_SLUG_LABEL]: store.name,
    'app.kubernetes.io/name': app.name,
    'app.kubernetes.io/component': app.component,
    'app.kubernetes.io/part-of': store.name,
  };
}

export function storeAnnotations(store: Store): Record<string, string> {
  return { [OWNER_ANNOTATION]: store.owner };
}

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

export const APPS = {
  namespace: { name: 'woocommerce-store', component: 'namespace' },
  policy: { name: 'woocommerce-store', component: 'policy' },
  credentials: { name: 'woocommerce-store', component: 'credentials' },
  database: { name: 'mariadb', component: 'database' },
  storefront: { name: 'wordpress', component: 'storefront' },
  ingress: { name: 'wordpress', component: 'ingress' },
  bootstrap: { name: 'wp-cli', component: 'bootstrap' },
} as const;

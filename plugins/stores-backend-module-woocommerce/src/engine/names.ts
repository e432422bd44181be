import { engineLookups } from '@internal/plugin-stores-node';

/** Deterministic object names inside a store's namespace. */
export const NAMES = {
  allowIngressToWordpress: 'allow-ingress-to-wordpress',
  allowBootstrapDownloads: 'allow-bootstrap-downloads',
  secret: 'store-credentials',
  database: 'mariadb',
  content: 'wordpress-content',
  storefront: 'wordpress',
  ingress: 'storefront',
  bootstrapJob: 'wp-bootstrap',
  adminPasswordJob: 'wp-admin-password',
} as const;

/** Keys of the generated Secret; values are random and never leave the cluster. */
export const SECRET_KEYS = {
  databaseRootPassword: 'mariadb-root-password',
  databasePassword: 'mariadb-password',
  adminPassword: 'wordpress-admin-password',
} as const;

export const ADMIN_USER = 'admin';
/** The store's database and the user its application connects as. */
export const DATABASE = { name: 'wordpress', user: 'wordpress' } as const;

/** The engine's images by role, used for a role that `stores.images` does not set. */
export const DEFAULT_IMAGES = {
  wordpress: 'wordpress:6.8-php8.3-apache',
  mariadb: 'mariadb:11.4',
  wpcli: 'wordpress:cli-2.12-php8.3',
} as const;

/** The generated Secret: its name and its keys by purpose. */
export const SECRET = { name: NAMES.secret, keys: SECRET_KEYS } as const;

/** Env vars from the generated Secret by key, and images by role. */
export const { fromSecret, imageOf } = engineLookups(SECRET, DEFAULT_IMAGES);

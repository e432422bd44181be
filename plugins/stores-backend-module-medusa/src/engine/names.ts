import { engineLookups } from '@internal/plugin-stores-node';

/** Deterministic object names inside a Medusa store's namespace. */
export const NAMES = {
  allowIngressToServer: 'allow-ingress-to-medusa',
  secret: 'store-credentials',
  database: 'postgres',
  cache: 'redis',
  server: 'medusa-server',
  worker: 'medusa-worker',
  ingress: 'medusa',
  bootstrapJob: 'medusa-bootstrap',
} as const;

/** Keys of the generated Secret; values are random and never leave the cluster. */
export const SECRET_KEYS = {
  databasePassword: 'postgres-password',
  jwtSecret: 'jwt-secret',
  cookieSecret: 'cookie-secret',
  adminPassword: 'medusa-admin-password',
} as const;

/** The store's database and the user its application connects as. */
export const DATABASE = { name: 'medusa', user: 'medusa' } as const;
export const ADMIN_USER = 'admin';

/** Medusa's HTTP port (above 1024: no root and no sysctl needed). */
export const MEDUSA_PORT = 9000;
export const POSTGRES_PORT = 5432;
export const REDIS_PORT = 6379;

/** The engine's images by role, used for a role that `stores.images` does not set. */
export const DEFAULT_IMAGES = {
  medusa: 'medusa-store:2',
  postgres: 'postgres:17-alpine',
  redis: 'redis:7.4-alpine',
} as const;

/** The generated Secret: its name and its keys by purpose. */
export const SECRET = { name: NAMES.secret, keys: SECRET_KEYS } as const;

/** Env vars from the generated Secret by key, and images by role. */
export const { fromSecret, imageOf } = engineLookups(SECRET, DEFAULT_IMAGES);

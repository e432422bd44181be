import {
  type EngineRenderContext,
  type EnvVar,
  storeBaseUrl,
} from '@internal/plugin-stores-node';
import {
  DATABASE,
  fromSecret,
  NAMES,
  POSTGRES_PORT,
  REDIS_PORT,
} from './names';

/**
 * What every Medusa process (server, worker, bootstrap) is configured with.
 * The database URL names the password as `$(POSTGRES_PASSWORD)`, which
 * Kubernetes expands from the variable before it (itself from the generated
 * Secret), so no rendered object carries the password.
 */
export function medusaEnv(ctx: EngineRenderContext): EnvVar[] {
  // Medusa compares CORS origins without the trailing slash.
  const origin = storeBaseUrl(ctx).replace(/\/$/, '');
  return [
    fromSecret('POSTGRES_PASSWORD', 'databasePassword'),
    {
      name: 'DATABASE_URL',
      value: `postgres://${DATABASE.user}:$(POSTGRES_PASSWORD)@${NAMES.database}:${POSTGRES_PORT}/${DATABASE.name}`,
    },
    { name: 'REDIS_URL', value: `redis://${NAMES.cache}:${REDIS_PORT}` },
    fromSecret('JWT_SECRET', 'jwtSecret'),
    fromSecret('COOKIE_SECRET', 'cookieSecret'),
    { name: 'STORE_CORS', value: origin },
    { name: 'ADMIN_CORS', value: origin },
    { name: 'AUTH_CORS', value: origin },
    { name: 'MEDUSA_BACKEND_URL', value: origin },
    { name: 'NODE_ENV', value: 'production' },
    // Tools that write caches (npm, the CLI) get a writable home.
    { name: 'HOME', value: '/tmp' },
  ];
}

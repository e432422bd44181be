import type { StoreNetwork } from '@internal/plugin-stores-node';
import { APPS } from './labels';
import { MEDUSA_PORT, NAMES, POSTGRES_PORT, REDIS_PORT } from './names';

const MEDUSA_PROCESSES = [APPS.server, APPS.worker, APPS.bootstrap];

/**
 * Beyond default deny and DNS, only what the store needs: the ingress
 * controller to the Medusa server; the server, the worker and the bootstrap
 * Job to PostgreSQL and Redis; the bootstrap Job to the server's API (it
 * seeds through it). Nothing leaves the namespace: the image holds all the
 * code, so no download is allowed.
 */
export const NETWORK: StoreNetwork = {
  ingress: {
    name: NAMES.allowIngressToServer,
    app: APPS.server,
    port: MEDUSA_PORT,
  },
  paths: [
    {
      name: 'database',
      clients: MEDUSA_PROCESSES,
      server: APPS.database,
      port: POSTGRES_PORT,
    },
    {
      name: 'redis',
      clients: MEDUSA_PROCESSES,
      server: APPS.cache,
      port: REDIS_PORT,
    },
    {
      name: 'medusa-api',
      clients: [APPS.bootstrap],
      server: APPS.server,
      port: MEDUSA_PORT,
    },
  ],
};

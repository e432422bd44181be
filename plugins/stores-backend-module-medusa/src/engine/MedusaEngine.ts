import {
  defineStoreEngine,
  stageConditionTypes,
  storeHost,
} from '@internal/plugin-stores-node';
import { BACKUP } from './backup';
import { bootstrapJob } from './bootstrapJob';
import { renderCache } from './cache';
import { renderDatabase } from './database';
import { APPS } from './labels';
import { renderMedusa } from './medusa';
import { ADMIN_USER, NAMES, SECRET } from './names';
import { NETWORK } from './networkPolicies';

/** The engine's own stages, in order: each condition and its objects. */
const WORKLOADS = {
  DatabaseReady: renderDatabase,
  CacheReady: renderCache,
  MedusaReady: renderMedusa,
};

/** Stage condition types, in order. */
export const MEDUSA_STAGES = stageConditionTypes(WORKLOADS);

/**
 * Medusa v2 stores: the Medusa server (store and admin APIs, admin dashboard
 * at /app) and worker on PostgreSQL and Redis, one namespace per store; the
 * module registers `MedusaEngine.create()`.
 */
export const MedusaEngine = defineStoreEngine({
  id: 'medusa',
  apps: APPS,
  secret: SECRET,
  network: NETWORK,
  workloads: WORKLOADS,
  // The store host, all of it to the Medusa server.
  ingress: {
    name: NAMES.ingress,
    app: APPS.ingress,
    service: NAMES.server,
    port: 'http',
  },
  bootstrap: bootstrapJob,
  // The storefront link is the store API's base (Medusa ships no storefront
  // UI; a storefront such as Medusa's Next.js starter is pointed at it), the
  // admin link its dashboard.
  urls: base => ({ storefront: base, admin: `${base}app/` }),
  backup: BACKUP,
  // The admin signs in with the email the bootstrap Job created it with.
  // Medusa has no command that changes an existing user's password, so
  // there is no rotation Job.
  adminCredentials: {
    userName: ctx => `${ADMIN_USER}@${storeHost(ctx)}`,
    passwordKey: 'adminPassword',
  },
});

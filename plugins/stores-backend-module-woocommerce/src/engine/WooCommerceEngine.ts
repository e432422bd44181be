import {
  defineStoreEngine,
  stageConditionTypes,
} from '@internal/plugin-stores-node';
import { adminPasswordJob } from './adminPasswordJob';
import { BACKUP } from './backup';
import { bootstrapJob } from './bootstrapJob';
import { renderDatabase } from './database';
import { APPS } from './labels';
import { ADMIN_USER, NAMES, SECRET } from './names';
import { NETWORK } from './networkPolicies';
import { renderStorefront } from './storefront';

/** The engine's own stages, in order: each condition and its objects. */
const WORKLOADS = {
  DatabaseReady: renderDatabase,
  WordPressReady: renderStorefront,
};

/** Stage condition types, in order. */
export const WOOCOMMERCE_STAGES = stageConditionTypes(WORKLOADS);

/**
 * WordPress + WooCommerce on MariaDB, one namespace per store; the module
 * registers `WooCommerceEngine.create()`.
 */
export const WooCommerceEngine = defineStoreEngine({
  id: 'woocommerce',
  apps: APPS,
  secret: SECRET,
  network: NETWORK,
  workloads: WORKLOADS,
  ingress: {
    name: NAMES.ingress,
    app: APPS.ingress,
    service: NAMES.storefront,
    port: 'http',
  },
  bootstrap: (ctx, urls) => bootstrapJob(ctx, urls.storefront!),
  urls: base => ({ storefront: base, admin: `${base}wp-admin/` }),
  backup: BACKUP,
  adminCredentials: {
    userName: () => ADMIN_USER,
    passwordKey: 'adminPassword',
    rotation: (ctx, urls) => adminPasswordJob(ctx, urls.storefront!),
  },
});

import {
  defineStoreEngine,
  stageConditionTypes,
} from '@internal/plugin-stores-node';
import { adminPasswordJob } from './adminPasswordJob';
import { BACKUP } from './backup';
import { bootstrapJob } from './bootstrapJob';
import { renderDatabase } from './database';
import { APPS } from './labels';
import { ADMIN_USER, NAMES, SECRET_KEYS } from './names';
import { NETWORK } from './networkPolicies';
import { renderStorefront } from './storefront';

/** Stage condition types, in order. */
export const WOOCOMMERCE_STAGES = stageConditionTypes(
  'DatabaseReady',
  'WordPressReady',
);

/**
 * WordPress + WooCommerce on MariaDB, one namespace per store; the module
 * registers `WooCommerceEngine.create()`.
 */
export const WooCommerceEngine = defineStoreEngine({
  id: 'woocommerce',
  apps: APPS,
  secret: { name: NAMES.secret, keys: SECRET_KEYS },
  network: NETWORK,
  workloadStages: ctx => [
    { condition: 'DatabaseReady', objects: renderDatabase(ctx) },
    { condition: 'WordPressReady', objects: renderStorefront(ctx) },
  ],
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

import {
  CLOSING_CONDITIONS,
  createStoreEngine,
  FOUNDATION_CONDITIONS,
  type StoreEngine,
  type StoreEngineDefinition,
  type StoreEngineOptions,
} from '@internal/plugin-stores-node';
import { bootstrapJob } from './bootstrapJob';
import { renderDatabase } from './database';
import { APPS } from './labels';
import { NAMES, SECRET_KEYS } from './names';
import { NETWORK } from './networkPolicies';
import { renderStorefront } from './storefront';

export type WooCommerceEngineOptions = StoreEngineOptions;

/** Stage condition types, in order. */
export const WOOCOMMERCE_STAGES = [
  ...FOUNDATION_CONDITIONS,
  'DatabaseReady',
  'WordPressReady',
  ...CLOSING_CONDITIONS,
] as const;

/** WordPress + WooCommerce on MariaDB, one namespace per store. */
const WOOCOMMERCE: StoreEngineDefinition = {
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
};

/** The WooCommerce engine, as the module registers it. */
export const WooCommerceEngine = {
  create(options: WooCommerceEngineOptions = {}): StoreEngine {
    return createStoreEngine(WOOCOMMERCE, options);
  },
};

import {
  createStoreEngine,
  type StoreEngine,
  type StoreEngineDefinition,
  type StoreEngineOptions,
} from '@internal/plugin-stores-node';
import { renderBootstrapJob } from './bootstrapJob';
import { renderDatabase } from './database';
import { APPS } from './labels';
import { NAMES, SECRET_KEYS } from './names';
import { renderNetworkPolicies } from './networkPolicies';
import { renderIngress, renderStorefront } from './storefront';

export type WooCommerceEngineOptions = StoreEngineOptions;

/** Stage condition types, in order. */
export const WOOCOMMERCE_STAGES = [
  'NamespaceReady',
  'QuotaReady',
  'NetworkReady',
  'SecretReady',
  'DatabaseReady',
  'WordPressReady',
  'IngressReady',
  'BootstrapComplete',
] as const;

/** WordPress + WooCommerce on MariaDB, one namespace per store. */
const WOOCOMMERCE: StoreEngineDefinition = {
  id: 'woocommerce',
  apps: APPS,
  secret: { name: NAMES.secret, keys: SECRET_KEYS },
  networkPolicies: renderNetworkPolicies,
  workloadStages: (ctx, options) => [
    { condition: 'DatabaseReady', objects: renderDatabase(ctx) },
    { condition: 'WordPressReady', objects: renderStorefront(ctx) },
    { condition: 'IngressReady', objects: [renderIngress(ctx)] },
    {
      condition: 'BootstrapComplete',
      objects: [
        renderBootstrapJob(ctx, {
          url: options.urls.storefront!,
          extraPodLabels: options.bootstrapPodLabels(ctx.store),
        }),
      ],
    },
  ],
  urls: base => ({ storefront: base, admin: `${base}wp-admin/` }),
};

/** The WooCommerce engine, as the module registers it. */
export const WooCommerceEngine = {
  create(options: WooCommerceEngineOptions = {}): StoreEngine {
    return createStoreEngine(WOOCOMMERCE, options);
  },
};

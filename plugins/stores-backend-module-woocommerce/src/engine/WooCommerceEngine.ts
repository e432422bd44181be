import type { RenderedObject, StoreUrls } from '@internal/plugin-stores-common';
import {
  foundationStages,
  generatedSecretSpec,
  judgeStoreObject,
  storeBaseUrl,
  storeEngineOptions,
  type EngineRenderContext,
  type GeneratedSecretSpec,
  type ObjectReadiness,
  type StoreEngine,
  type StoreEngineOptions,
  type StoreStage,
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

/** The engine that ships: WordPress + WooCommerce on MariaDB, one namespace per store. */
export class WooCommerceEngine implements StoreEngine {
  readonly id = 'woocommerce';
  readonly #options: Required<StoreEngineOptions>;

  static create(options: WooCommerceEngineOptions = {}) {
    return new WooCommerceEngine(storeEngineOptions(options));
  }

  private constructor(options: Required<StoreEngineOptions>) {
    this.#options = options;
  }

  secret(ctx: EngineRenderContext): GeneratedSecretSpec {
    return generatedSecretSpec(
      ctx,
      { name: NAMES.secret, keys: SECRET_KEYS },
      APPS,
    );
  }

  stages(ctx: EngineRenderContext): StoreStage[] {
    return [
      ...foundationStages(ctx, {
        apps: APPS,
        secretName: NAMES.secret,
        networkPolicies: renderNetworkPolicies(
          ctx,
          this.#options.ingressControllerNamespace,
        ),
      }),
      { condition: 'DatabaseReady', objects: renderDatabase(ctx) },
      { condition: 'WordPressReady', objects: renderStorefront(ctx) },
      { condition: 'IngressReady', objects: [renderIngress(ctx)] },
      {
        condition: 'BootstrapComplete',
        objects: [
          renderBootstrapJob(ctx, {
            url: this.urls(ctx).storefront!,
            extraPodLabels: this.#options.bootstrapPodLabels(ctx.store),
          }),
        ],
      },
    ];
  }

  judge(observed: RenderedObject): ObjectReadiness {
    return judgeStoreObject(observed);
  }

  urls(ctx: EngineRenderContext): StoreUrls {
    const base = storeBaseUrl(ctx);
    return { storefront: base, admin: `${base}wp-admin/` };
  }
}

import type {
  RenderedObject,
  Store,
  StoreUrls,
} from '@internal/plugin-stores-common';
import {
  judgeStoreObject,
  renderQuota,
  renderSecretPlaceholder,
  renderStoreNamespace,
  storeBaseUrl,
  storeLabels,
  type EngineRenderContext,
  type GeneratedSecretSpec,
  type ObjectReadiness,
  type StoreEngine,
  type StoreStage,
} from '@internal/plugin-stores-node';
import { renderBootstrapJob } from './bootstrapJob';
import { renderDatabase } from './database';
import { APPS } from './labels';
import { NAMES, SECRET_KEYS } from './names';
import { renderNetworkPolicies } from './networkPolicies';
import { renderIngress, renderStorefront } from './storefront';

export interface WooCommerceEngineOptions {
  /** Namespace of the ingress controller allowed to reach WordPress (default `ingress-nginx`). */
  ingressControllerNamespace?: string;
  /**
   * Extra labels on the bootstrap Job's pod template. Tests use it to put the
   * local cluster's simulated-failure label on one store's Job.
   */
  bootstrapPodLabels?: (store: Store) => Record<string, string>;
}

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
  readonly #options: Required<WooCommerceEngineOptions>;

  static create(options: WooCommerceEngineOptions = {}) {
    return new WooCommerceEngine({
      ingressControllerNamespace:
        options.ingressControllerNamespace ?? 'ingress-nginx',
      bootstrapPodLabels: options.bootstrapPodLabels ?? (() => ({})),
    });
  }

  private constructor(options: Required<WooCommerceEngineOptions>) {
    this.#options = options;
  }

  secret(ctx: EngineRenderContext): GeneratedSecretSpec {
    return {
      name: NAMES.secret,
      keys: Object.values(SECRET_KEYS),
      labels: storeLabels(ctx.store, APPS.credentials),
    };
  }

  stages(ctx: EngineRenderContext): StoreStage[] {
    return [
      {
        condition: 'NamespaceReady',
        objects: [renderStoreNamespace(ctx, APPS.namespace)],
      },
      { condition: 'QuotaReady', objects: renderQuota(ctx, APPS.policy) },
      {
        condition: 'NetworkReady',
        objects: renderNetworkPolicies(
          ctx,
          this.#options.ingressControllerNamespace,
        ),
      },
      {
        condition: 'SecretReady',
        objects: [renderSecretPlaceholder(ctx, NAMES.secret, APPS.credentials)],
      },
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

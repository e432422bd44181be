import type {
  RenderedObject,
  Store,
  StoreUrls,
} from '@internal/plugin-stores-common';
import type {
  EngineRenderContext,
  GeneratedSecretSpec,
  ObjectReadiness,
  StoreEngine,
  StoreStage,
} from '@internal/plugin-stores-node';
import { renderBootstrapJob } from './bootstrapJob';
import { renderDatabase } from './database';
import { judgeObject } from './judge';
import { APPS, storeLabels } from './labels';
import { NAMES, SECRET_KEYS } from './names';
import { renderNamespace, renderQuota } from './namespaceObjects';
import { renderNetworkPolicies } from './networkPolicies';
import { objectMeta } from './context';
import { renderIngress, renderStorefront, storeHost } from './storefront';

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
    // The Secret appears with metadata only: the reconciler creates it once
    // with random values (see GeneratedSecretSpec) and never applies it.
    const secret: RenderedObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: objectMeta(ctx, NAMES.secret, APPS.credentials),
      type: 'Opaque',
    };
    return [
      { condition: 'NamespaceReady', objects: [renderNamespace(ctx)] },
      { condition: 'QuotaReady', objects: renderQuota(ctx) },
      {
        condition: 'NetworkReady',
        objects: renderNetworkPolicies(
          ctx,
          this.#options.ingressControllerNamespace,
        ),
      },
      { condition: 'SecretReady', objects: [secret] },
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
    return judgeObject(observed);
  }

  urls(ctx: EngineRenderContext): StoreUrls {
    const base = `${ctx.settings.scheme}://${storeHost(ctx)}/`;
    return { storefront: base, admin: `${base}wp-admin/` };
  }
}

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
import { renderCache } from './cache';
import { renderDatabase } from './database';
import { APPS } from './labels';
import { renderIngress, renderMedusa } from './medusa';
import { NAMES, SECRET_KEYS } from './names';
import { renderNetworkPolicies } from './networkPolicies';

export type MedusaEngineOptions = StoreEngineOptions;

/** Stage condition types, in order. */
export const MEDUSA_STAGES = [
  'NamespaceReady',
  'QuotaReady',
  'NetworkReady',
  'SecretReady',
  'DatabaseReady',
  'CacheReady',
  'MedusaReady',
  'IngressReady',
  'BootstrapComplete',
] as const;

/**
 * Medusa v2 stores: the Medusa server (store and admin APIs, admin dashboard
 * at /app) and worker on PostgreSQL and Redis, one namespace per store.
 */
export class MedusaEngine implements StoreEngine {
  readonly id = 'medusa';
  readonly #options: Required<StoreEngineOptions>;

  static create(options: MedusaEngineOptions = {}) {
    return new MedusaEngine(storeEngineOptions(options));
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
      { condition: 'CacheReady', objects: renderCache(ctx) },
      { condition: 'MedusaReady', objects: renderMedusa(ctx) },
      { condition: 'IngressReady', objects: [renderIngress(ctx)] },
      {
        condition: 'BootstrapComplete',
        objects: [
          renderBootstrapJob(ctx, {
            extraPodLabels: this.#options.bootstrapPodLabels(ctx.store),
          }),
        ],
      },
    ];
  }

  judge(observed: RenderedObject): ObjectReadiness {
    return judgeStoreObject(observed);
  }

  /**
   * The storefront link is the store API's base (Medusa ships no storefront
   * UI; a storefront such as Medusa's Next.js starter is pointed at it), the
   * admin link its dashboard.
   */
  urls(ctx: EngineRenderContext): StoreUrls {
    const base = storeBaseUrl(ctx);
    return { storefront: base, admin: `${base}app/` };
  }
}

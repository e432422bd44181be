import type { RenderedObject, StoreUrls } from '@internal/plugin-stores-common';
import type { EngineRenderContext, StoreEngine, StoreStage } from '../engine';
import {
  foundationStages,
  generatedSecretSpec,
  storeEngineOptions,
  type FoundationApps,
  type StoreEngineOptions,
} from './foundation';
import { storeBaseUrl } from './ingress';
import { judgeStoreObject } from './judge';

/**
 * What an engine built on these blocks states about itself. The rest (the
 * generated Secret's spec, the namespace, quota, network and secret stages,
 * readiness, URLs under the store's host) is the same for every engine.
 */
export interface StoreEngineDefinition {
  /** Engine id as used in `POST /stores` (`engine`). */
  id: string;
  /** The app label of each foundation object. */
  apps: FoundationApps;
  /** The generated Secret: its name and its keys by purpose. */
  secret: { name: string; keys: Record<string, string> };
  /** The store's NetworkPolicies: default deny plus the paths the engine needs. */
  networkPolicies(
    ctx: EngineRenderContext,
    ingressControllerNamespace: string,
  ): RenderedObject[];
  /** The engine's own stages, in order, after the foundation's four. */
  workloadStages(
    ctx: EngineRenderContext,
    options: Required<StoreEngineOptions> & { urls: StoreUrls },
  ): StoreStage[];
  /** The store's public URLs, from its base URL (scheme, host, trailing slash). */
  urls(baseUrl: string): StoreUrls;
}

/** A {@link StoreEngine} from an engine's definition and the options it is given. */
export function createStoreEngine(
  definition: StoreEngineDefinition,
  options: StoreEngineOptions = {},
): StoreEngine {
  const resolved = storeEngineOptions(options);
  const urls = (ctx: EngineRenderContext) => definition.urls(storeBaseUrl(ctx));
  return {
    id: definition.id,
    secret: ctx => generatedSecretSpec(ctx, definition.secret, definition.apps),
    stages: ctx => [
      ...foundationStages(ctx, {
        apps: definition.apps,
        secretName: definition.secret.name,
        networkPolicies: definition.networkPolicies(
          ctx,
          resolved.ingressControllerNamespace,
        ),
      }),
      ...definition.workloadStages(ctx, { ...resolved, urls: urls(ctx) }),
    ],
    judge: judgeStoreObject,
    urls,
  };
}

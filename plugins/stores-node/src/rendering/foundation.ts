import type { RenderedObject, Store } from '@internal/plugin-stores-common';
import type {
  EngineRenderContext,
  GeneratedSecretSpec,
  StoreStage,
} from '../engine';
import { renderSecretPlaceholder, storeLabels, type StoreApp } from './labels';
import { renderQuota, renderStoreNamespace } from './namespace';

/** The conditions of the foundation's stages, first in every store. */
export const FOUNDATION_CONDITIONS = [
  'NamespaceReady',
  'QuotaReady',
  'NetworkReady',
  'SecretReady',
] as const;

/** What every engine built on these blocks can be given. */
export interface StoreEngineOptions {
  /** Namespace of the ingress controller allowed to reach the store (default `ingress-nginx`). */
  ingressControllerNamespace?: string;
  /**
   * Extra labels on the bootstrap Job's pod template. Tests use it to put the
   * local cluster's simulated-failure label on one store's Job.
   */
  bootstrapPodLabels?: (store: Store) => Record<string, string>;
  /** Extra labels on the admin password rotation Job's pod, as above. */
  rotationPodLabels?: (store: Store) => Record<string, string>;
}

export function storeEngineOptions(
  options: StoreEngineOptions,
): Required<StoreEngineOptions> {
  return {
    ingressControllerNamespace:
      options.ingressControllerNamespace ?? 'ingress-nginx',
    bootstrapPodLabels: options.bootstrapPodLabels ?? (() => ({})),
    rotationPodLabels: options.rotationPodLabels ?? (() => ({})),
  };
}

/** The parts every store has before its own workloads. */
export interface FoundationApps {
  namespace: StoreApp;
  policy: StoreApp;
  credentials: StoreApp;
}

/** The generated Secret of an engine: its keys, labelled as the store's. */
export function generatedSecretSpec(
  ctx: EngineRenderContext,
  secret: { name: string; keys: Record<string, string> },
  apps: FoundationApps,
): GeneratedSecretSpec {
  return {
    name: secret.name,
    keys: Object.values(secret.keys),
    labels: storeLabels(ctx.store, apps.credentials),
  };
}

/**
 * The first stages of every store: its namespace, the plan's quota, the
 * network policies the engine gives, and the generated Secret.
 */
export function foundationStages(
  ctx: EngineRenderContext,
  options: {
    apps: FoundationApps;
    secretName: string;
    networkPolicies: RenderedObject[];
  },
): StoreStage[] {
  return [
    {
      condition: 'NamespaceReady',
      objects: [renderStoreNamespace(ctx, options.apps.namespace)],
    },
    { condition: 'QuotaReady', objects: renderQuota(ctx, options.apps.policy) },
    { condition: 'NetworkReady', objects: options.networkPolicies },
    {
      condition: 'SecretReady',
      objects: [
        renderSecretPlaceholder(
          ctx,
          options.secretName,
          options.apps.credentials,
        ),
      ],
    },
  ];
}

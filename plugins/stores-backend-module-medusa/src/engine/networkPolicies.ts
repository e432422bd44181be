import type { RenderedObject } from '@internal/plugin-stores-common';
import {
  allowIngressController,
  allowPodsToPods,
  baseNetworkPolicies,
  type EngineRenderContext,
} from '@internal/plugin-stores-node';
import { APPS, SELECTORS } from './labels';
import { MEDUSA_PORT, NAMES, POSTGRES_PORT, REDIS_PORT } from './names';

/**
 * Default deny in both directions and DNS (the shared base), then only what
 * the store needs: the ingress controller to the Medusa server; the server,
 * the worker and the bootstrap Job to PostgreSQL and Redis; the bootstrap
 * Job to the server's API (it seeds through it). Nothing leaves the
 * namespace: the image holds all the code, so no download is allowed.
 */
export function renderNetworkPolicies(
  ctx: EngineRenderContext,
  ingressControllerNamespace: string,
): RenderedObject[] {
  const medusa = [SELECTORS.server, SELECTORS.worker, SELECTORS.bootstrap];
  return [
    ...baseNetworkPolicies(ctx, APPS.policy),
    allowIngressController(ctx, APPS.policy, {
      name: NAMES.allowIngressToServer,
      pods: SELECTORS.server,
      port: MEDUSA_PORT,
      ingressControllerNamespace,
    }),
    ...allowPodsToPods(ctx, APPS.policy, {
      name: 'database',
      clients: medusa,
      server: SELECTORS.database,
      port: POSTGRES_PORT,
    }),
    ...allowPodsToPods(ctx, APPS.policy, {
      name: 'redis',
      clients: medusa,
      server: SELECTORS.cache,
      port: REDIS_PORT,
    }),
    ...allowPodsToPods(ctx, APPS.policy, {
      name: 'medusa-api',
      clients: [SELECTORS.bootstrap],
      server: SELECTORS.server,
      port: MEDUSA_PORT,
    }),
  ];
}

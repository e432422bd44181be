import type { RenderedObject } from '@internal/plugin-stores-common';
import type { EngineRenderContext } from '../engine';
import {
  storeAnnotations,
  storeLabels,
  storeObjectMeta,
  type StoreApp,
} from './labels';

/**
 * Pod Security: every store pod is written to pass `restricted` (non-root,
 * no privilege escalation, all capabilities dropped, RuntimeDefault seccomp),
 * so the namespace enforces `restricted` and the API server proves the pods
 * comply when it admits them.
 */
export const POD_SECURITY_LEVEL = 'restricted';

/** Names of the quota objects in every store namespace. */
export const QUOTA_NAMES = {
  quota: 'store-quota',
  limits: 'store-limits',
} as const;

export function renderStoreNamespace(
  ctx: EngineRenderContext,
  app: StoreApp,
): RenderedObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ctx.namespace,
      labels: {
        ...storeLabels(ctx.store, app),
        'pod-security.kubernetes.io/enforce': POD_SECURITY_LEVEL,
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': POD_SECURITY_LEVEL,
        'pod-security.kubernetes.io/audit': POD_SECURITY_LEVEL,
      },
      annotations: storeAnnotations(ctx.store),
    },
  };
}

/** The plan as the namespace's ResourceQuota and LimitRange. */
export function renderQuota(
  ctx: EngineRenderContext,
  app: StoreApp,
): RenderedObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: storeObjectMeta(ctx, QUOTA_NAMES.quota, app),
      spec: { hard: { ...ctx.plan.quota } },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: storeObjectMeta(ctx, QUOTA_NAMES.limits, app),
      spec: {
        limits: [
          {
            type: 'Container',
            default: { ...ctx.plan.containerDefaults.limits },
            defaultRequest: { ...ctx.plan.containerDefaults.requests },
          },
        ],
      },
    },
  ];
}

import type { RenderedObject } from '@internal/plugin-stores-common';
import type { EngineRenderContext } from '@internal/plugin-stores-node';
import { objectMeta } from './context';
import { APPS, storeAnnotations, storeLabels } from './labels';
import { NAMES } from './names';

/**
 * Pod Security: every store pod is written to pass `restricted` (non-root,
 * no privilege escalation, all capabilities dropped, RuntimeDefault seccomp).
 * The one thing the WordPress apache image needs root for is binding port 80;
 * instead of root (which would force `baseline`) the pod sets the namespaced
 * safe sysctl `net.ipv4.ip_unprivileged_port_start=0`, which `restricted`
 * allows. So the namespace enforces `restricted`, and the API server proves
 * the pods comply when it admits them.
 */
export const POD_SECURITY_LEVEL = 'restricted';

export function renderNamespace(ctx: EngineRenderContext): RenderedObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ctx.namespace,
      labels: {
        ...storeLabels(ctx.store, APPS.namespace),
        'pod-security.kubernetes.io/enforce': POD_SECURITY_LEVEL,
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      },
      annotations: storeAnnotations(ctx.store),
    },
  };
}

export function renderQuota(ctx: EngineRenderContext): RenderedObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: objectMeta(ctx, NAMES.quota, APPS.policy),
      spec: { hard: { ...ctx.plan.quota } },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: objectMeta(ctx, NAMES.limits, APPS.policy),
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

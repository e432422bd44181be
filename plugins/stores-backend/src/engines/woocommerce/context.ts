import type { RenderedObject } from '@internal/plugin-stores-common';
import type { EngineRenderContext } from '@internal/plugin-stores-node';
import { APPS, storeAnnotations, storeLabels } from './labels';

/** Metadata for a namespaced object of the store. */
export function objectMeta(
  ctx: EngineRenderContext,
  name: string,
  app: (typeof APPS)[keyof typeof APPS],
): RenderedObject['metadata'] {
  return {
    name,
    namespace: ctx.namespace,
    labels: storeLabels(ctx.store, app),
    annotations: storeAnnotations(ctx.store),
  };
}

/** Pod security context every store pod shares (compatible with `restricted`). */
export function podSecurity(uid: number) {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
};

export function secretEnv(name: string, secretName: string, key: string) {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

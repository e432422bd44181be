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

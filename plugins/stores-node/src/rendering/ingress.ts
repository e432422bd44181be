import type { RenderedObject } from '@internal/plugin-stores-common';
import type { EngineRenderContext } from '../engine';
import { storeObjectMeta, type StoreApp } from './labels';

/** The store's host: `<name>.<baseDomain>`. */
export function storeHost(ctx: EngineRenderContext): string {
  return `${ctx.store.name}.${ctx.settings.baseDomain}`;
}

/** The store's base URL, `<scheme>://<host>/`. */
export function storeBaseUrl(ctx: EngineRenderContext): string {
  return `${ctx.settings.scheme}://${storeHost(ctx)}/`;
}

/**
 * The store's Ingress on its host, with the configured class and TLS secret:
 * each path prefix goes to a Service port (by name).
 */
export function renderStoreIngress(
  ctx: EngineRenderContext,
  options: {
    name: string;
    app: StoreApp;
    paths: Array<{ path: string; service: string; port: string }>;
  },
): RenderedObject {
  const host = storeHost(ctx);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: storeObjectMeta(ctx, options.name, options.app),
    spec: {
      ...(ctx.settings.ingressClassName
        ? { ingressClassName: ctx.settings.ingressClassName }
        : {}),
      ...(ctx.settings.tlsSecretName
        ? { tls: [{ hosts: [host], secretName: ctx.settings.tlsSecretName }] }
        : {}),
      rules: [
        {
          host,
          http: {
            paths: options.paths.map(p => ({
              path: p.path,
              pathType: 'Prefix',
              backend: { service: { name: p.service, port: { name: p.port } } },
            })),
          },
        },
      ],
    },
  };
}

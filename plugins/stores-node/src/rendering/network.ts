import type { RenderedObject } from '@internal/plugin-stores-common';
import type { EngineRenderContext } from '../engine';
import { storeObjectMeta, type StoreApp } from './labels';

/** Names of the policies every store namespace starts with. */
export const BASE_POLICY_NAMES = {
  defaultDeny: 'default-deny',
  allowDns: 'allow-dns-egress',
} as const;

export type PodLabels = Readonly<Record<string, string>>;

/** A NetworkPolicy of the store. */
export function networkPolicy(
  ctx: EngineRenderContext,
  name: string,
  app: StoreApp,
  spec: Record<string, unknown>,
): RenderedObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: storeObjectMeta(ctx, name, app),
    spec,
  };
}

/** A peer: every pod of the namespace with this name. */
export function namespaceNamed(name: string) {
  return {
    namespaceSelector: {
      matchLabels: { 'kubernetes.io/metadata.name': name },
    },
  };
}

/** A peer: the pods of the store's namespace with these labels. */
export function podsLabelled(labels: PodLabels) {
  return { podSelector: { matchLabels: { ...labels } } };
}

/**
 * Where every store's network starts: default deny in both directions, then
 * DNS for every pod. An engine adds only the paths its parts need.
 */
export function baseNetworkPolicies(
  ctx: EngineRenderContext,
  app: StoreApp,
): RenderedObject[] {
  return [
    networkPolicy(ctx, BASE_POLICY_NAMES.defaultDeny, app, {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    }),
    networkPolicy(ctx, BASE_POLICY_NAMES.allowDns, app, {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [namespaceNamed('kube-system')],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    }),
  ];
}

const COMPONENT = 'app.kubernetes.io/component';

/**
 * One allowed path inside the namespace, as the two policies a default-deny
 * namespace needs: ingress on the server's pods from the clients, and egress
 * from the clients (chosen by their component label) to the server. For
 * `name: 'database'` they are `allow-database-clients` and
 * `allow-egress-to-database`.
 */
export function allowPodsToPods(
  ctx: EngineRenderContext,
  app: StoreApp,
  path: {
    name: string;
    /** Label sets of the client pods; each has a component label. */
    clients: PodLabels[];
    server: PodLabels;
    port: number;
  },
): RenderedObject[] {
  const ports = [{ protocol: 'TCP', port: path.port }];
  const components = path.clients.map(client => {
    if (!client[COMPONENT]) {
      throw new Error(`A client of ${path.name} has no ${COMPONENT} label`);
    }
    return client[COMPONENT];
  });
  return [
    networkPolicy(ctx, `allow-${path.name}-clients`, app, {
      podSelector: { matchLabels: { ...path.server } },
      policyTypes: ['Ingress'],
      ingress: [{ from: path.clients.map(podsLabelled), ports }],
    }),
    networkPolicy(ctx, `allow-egress-to-${path.name}`, app, {
      podSelector: {
        matchExpressions: [
          { key: COMPONENT, operator: 'In', values: components },
        ],
      },
      policyTypes: ['Egress'],
      egress: [{ to: [podsLabelled(path.server)], ports }],
    }),
  ];
}

/** Lets the ingress controller's namespace reach the pods on `port`. */
export function allowIngressController(
  ctx: EngineRenderContext,
  app: StoreApp,
  options: {
    name: string;
    pods: PodLabels;
    port: number;
    ingressControllerNamespace: string;
  },
): RenderedObject {
  return networkPolicy(ctx, options.name, app, {
    podSelector: { matchLabels: { ...options.pods } },
    policyTypes: ['Ingress'],
    ingress: [
      {
        from: [namespaceNamed(options.ingressControllerNamespace)],
        ports: [{ protocol: 'TCP', port: options.port }],
      },
    ],
  });
}

import type { RenderedObject } from '@internal/plugin-stores-common';
import type { EngineRenderContext } from '../engine';
import { appSelector, storeObjectMeta, type StoreApp } from './labels';

/** Name of the policy every store namespace starts with. */
export const BASE_POLICY_NAMES = {
  defaultDeny: 'default-deny',
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
 * Private, shared, link-local (cloud metadata) and loopback IPv4 ranges: the
 * default of `stores.network.internalCidrs`, which covers the pod and service
 * ranges of the usual cluster set-ups.
 */
export const DEFAULT_INTERNAL_CIDRS = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '169.254.0.0/16',
  '127.0.0.0/8',
];

/**
 * Where every store's network starts: one policy on every pod that denies
 * all ingress and all egress but DNS to kube-system. (Default deny and DNS
 * used to be two policies; policies only add allowed paths, so one with
 * both types and the DNS rule isolates the same pods and allows the same.)
 * An engine adds only the paths its parts need.
 */
export function baseNetworkPolicies(
  ctx: EngineRenderContext,
  app: StoreApp,
): RenderedObject[] {
  return [
    networkPolicy(ctx, BASE_POLICY_NAMES.defaultDeny, app, {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
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

/**
 * One allowed path inside the namespace, as the two policies a default-deny
 * namespace needs: ingress on the server's pods from the clients, and egress
 * from the clients (chosen by their component) to the server. For
 * `name: 'database'` they are `allow-database-clients` and
 * `allow-egress-to-database`.
 */
export interface PodsToPods {
  name: string;
  clients: StoreApp[];
  server: StoreApp;
  port: number;
}

/** The pods of the apps' components (whatever their app name). */
export function componentsSelector(apps: StoreApp[]) {
  return {
    matchExpressions: [
      {
        key: 'app.kubernetes.io/component',
        operator: 'In',
        values: [...new Set(apps.map(a => a.component))],
      },
    ],
  };
}

export function allowPodsToPods(
  ctx: EngineRenderContext,
  app: StoreApp,
  path: PodsToPods,
): RenderedObject[] {
  const ports = [{ protocol: 'TCP', port: path.port }];
  const server = appSelector(path.server);
  return [
    networkPolicy(ctx, `allow-${path.name}-clients`, app, {
      podSelector: { matchLabels: server },
      policyTypes: ['Ingress'],
      ingress: [
        { from: path.clients.map(c => podsLabelled(appSelector(c))), ports },
      ],
    }),
    networkPolicy(ctx, `allow-egress-to-${path.name}`, app, {
      podSelector: componentsSelector(path.clients),
      policyTypes: ['Egress'],
      egress: [{ to: [podsLabelled(server)], ports }],
    }),
  ];
}

/** The ingress controller's way in: its namespace to the app's pods on `port`. */
export interface IngressControllerPath {
  name: string;
  app: StoreApp;
  port: number;
}

export function allowIngressController(
  ctx: EngineRenderContext,
  app: StoreApp,
  path: IngressControllerPath,
  ingressControllerNamespace: string,
): RenderedObject {
  return networkPolicy(ctx, path.name, app, {
    podSelector: { matchLabels: appSelector(path.app) },
    policyTypes: ['Ingress'],
    ingress: [
      {
        from: [namespaceNamed(ingressControllerNamespace)],
        ports: [{ protocol: 'TCP', port: path.port }],
      },
    ],
  });
}

/** HTTPS out of the namespace for the app's pods (downloads). */
export interface HttpsEgressPath {
  name: string;
  app: StoreApp;
}

/**
 * HTTPS to the internet only: every IPv4 address except the internal
 * ranges (`stores.network.internalCidrs`), so the pods cannot reach the
 * cluster's services, other pods or a cloud metadata endpoint on 443.
 */
export function allowHttpsEgress(
  ctx: EngineRenderContext,
  app: StoreApp,
  path: HttpsEgressPath,
): RenderedObject {
  return allowEgressOut(ctx, app, {
    name: path.name,
    podSelector: { matchLabels: appSelector(path.app) },
    port: 443,
  });
}

/** Egress out of the namespace on one TCP port (see {@link allowEgressOut}). */
export interface EgressOutPath {
  name: string;
  /** The pods allowed out. */
  podSelector: Record<string, unknown>;
  port: number;
  /** Where to; default: every IPv4 address except the internal ranges. */
  cidrs?: string[];
}

/**
 * The pods to `cidrs` on `port`; without `cidrs`, to the internet only
 * (every address but `stores.network.internalCidrs`).
 */
export function allowEgressOut(
  ctx: EngineRenderContext,
  app: StoreApp,
  path: EgressOutPath,
): RenderedObject {
  const except = ctx.settings.internalCidrs ?? DEFAULT_INTERNAL_CIDRS;
  const to = path.cidrs
    ? path.cidrs.map(cidr => ({ ipBlock: { cidr } }))
    : [{ ipBlock: { cidr: '0.0.0.0/0', except: [...except] } }];
  return networkPolicy(ctx, path.name, app, {
    podSelector: path.podSelector,
    policyTypes: ['Egress'],
    egress: [{ to, ports: [{ protocol: 'TCP', port: path.port }] }],
  });
}

/** The paths an engine's store needs beyond default deny and DNS. */
export interface StoreNetwork {
  /** The ingress controller to the app that serves the store. */
  ingress: IngressControllerPath;
  /** Paths between the store's own pods. */
  paths: PodsToPods[];
  /** Pods that download over HTTPS (none when absent). */
  httpsEgress?: HttpsEgressPath[];
}

/**
 * The store's NetworkPolicies: default deny and DNS (the shared base), then
 * only the engine's paths, all labelled as the store's policy part.
 */
export function renderStoreNetwork(
  ctx: EngineRenderContext,
  app: StoreApp,
  network: StoreNetwork,
  ingressControllerNamespace: string,
): RenderedObject[] {
  return [
    ...baseNetworkPolicies(ctx, app),
    allowIngressController(
      ctx,
      app,
      network.ingress,
      ingressControllerNamespace,
    ),
    ...network.paths.flatMap(path => allowPodsToPods(ctx, app, path)),
    ...(network.httpsEgress ?? []).map(path =>
      allowHttpsEgress(ctx, app, path),
    ),
  ];
}

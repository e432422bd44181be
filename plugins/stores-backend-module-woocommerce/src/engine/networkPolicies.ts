import type { RenderedObject } from '@internal/plugin-stores-common';
import type { EngineRenderContext } from '@internal/plugin-stores-node';
import { objectMeta } from './context';
import { APPS, SELECTORS } from './labels';
import { NAMES } from './names';

/**
 * Default deny in both directions, then only what the store needs:
 * DNS for every pod, the ingress controller to WordPress, WordPress and the
 * bootstrap Job to MariaDB, and HTTPS out for the bootstrap Job (it downloads
 * WooCommerce from wordpress.org).
 */
export function renderNetworkPolicies(
  ctx: EngineRenderContext,
  ingressControllerNamespace: string,
): RenderedObject[] {
  const policy = (
    name: string,
    spec: Record<string, unknown>,
  ): RenderedObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: objectMeta(ctx, name, APPS.policy),
    spec,
  });
  const namespaceNamed = (name: string) => ({
    namespaceSelector: {
      matchLabels: { 'kubernetes.io/metadata.name': name },
    },
  });
  const databaseClients = [
    { podSelector: { matchLabels: { ...SELECTORS.storefront } } },
    { podSelector: { matchLabels: { ...SELECTORS.bootstrap } } },
  ];
  return [
    policy(NAMES.defaultDeny, {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    }),
    policy(NAMES.allowDns, {
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
    policy(NAMES.allowIngressToWordpress, {
      podSelector: { matchLabels: { ...SELECTORS.storefront } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [namespaceNamed(ingressControllerNamespace)],
          ports: [{ protocol: 'TCP', port: 80 }],
        },
      ],
    }),
    policy(NAMES.allowDatabaseClients, {
      podSelector: { matchLabels: { ...SELECTORS.database } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: databaseClients, ports: [{ protocol: 'TCP', port: 3306 }] },
      ],
    }),
    policy(NAMES.allowClientsToDatabase, {
      podSelector: {
        matchExpressions: [
          {
            key: 'app.kubernetes.io/component',
            operator: 'In',
            values: [
              SELECTORS.storefront['app.kubernetes.io/component'],
              SELECTORS.bootstrap['app.kubernetes.io/component'],
            ],
          },
        ],
      },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ podSelector: { matchLabels: { ...SELECTORS.database } } }],
          ports: [{ protocol: 'TCP', port: 3306 }],
        },
      ],
    }),
    policy(NAMES.allowBootstrapDownloads, {
      podSelector: { matchLabels: { ...SELECTORS.bootstrap } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
          ports: [{ protocol: 'TCP', port: 443 }],
        },
      ],
    }),
  ];
}

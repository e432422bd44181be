import type { RenderedObject } from '@internal/plugin-stores-common';
import {
  allowIngressController,
  allowPodsToPods,
  baseNetworkPolicies,
  networkPolicy,
  type EngineRenderContext,
} from '@internal/plugin-stores-node';
import { APPS, SELECTORS } from './labels';
import { NAMES } from './names';

/**
 * Default deny in both directions and DNS (the shared base), then only what
 * the store needs: the ingress controller to WordPress, WordPress and the
 * bootstrap Job to MariaDB, and HTTPS out for the bootstrap Job (it downloads
 * WooCommerce from wordpress.org).
 */
export function renderNetworkPolicies(
  ctx: EngineRenderContext,
  ingressControllerNamespace: string,
): RenderedObject[] {
  return [
    ...baseNetworkPolicies(ctx, APPS.policy),
    allowIngressController(ctx, APPS.policy, {
      name: NAMES.allowIngressToWordpress,
      pods: SELECTORS.storefront,
      port: 80,
      ingressControllerNamespace,
    }),
    ...allowPodsToPods(ctx, APPS.policy, {
      name: 'database',
      clients: [SELECTORS.storefront, SELECTORS.bootstrap],
      server: SELECTORS.database,
      port: 3306,
    }),
    networkPolicy(ctx, NAMES.allowBootstrapDownloads, APPS.policy, {
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

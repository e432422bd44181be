import type { ChartObject } from './chart';

/** One rule of a rendered ClusterRole. */
export interface ClusterRoleRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** The rules of a ClusterRole as the chart renders it. */
export function clusterRoleRules(role: ChartObject): ClusterRoleRule[] {
  return (role.rules ?? []) as ClusterRoleRule[];
}

/** Verbs that would let the portal's account widen its own rights. */
const ESCALATING_VERBS = ['escalate', 'bind', 'impersonate'];

/**
 * What in `rules` grants more than named resources and verbs: a wildcard in
 * any field, an escalating verb, a non-resource URL. Empty when there is
 * none; both the chart test and the reconciler's RBAC cluster test hold the
 * chart's ClusterRole to it.
 */
export function broadGrants(rules: ClusterRoleRule[]): string[] {
  const found: string[] = [];
  rules.forEach((rule, i) => {
    for (const field of [
      'apiGroups',
      'resources',
      'verbs',
      'resourceNames',
    ] as const) {
      if (rule[field]?.includes('*')) found.push(`rule ${i}: '*' in ${field}`);
    }
    for (const verb of ESCALATING_VERBS) {
      if (rule.verbs.includes(verb)) found.push(`rule ${i}: verb ${verb}`);
    }
    if (rule.nonResourceURLs) found.push(`rule ${i}: nonResourceURLs`);
  });
  return found;
}

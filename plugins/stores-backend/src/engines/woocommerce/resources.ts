import type { StorePlan } from '@internal/plugin-stores-node';

/**
 * Container resources from the plan: every container gets the plan's
 * container defaults explicitly (not only through the LimitRange), so what the
 * quota admits can be checked from the rendered objects alone.
 */
export function containerResources(plan: StorePlan) {
  return {
    requests: { ...plan.containerDefaults.requests },
    limits: { ...plan.containerDefaults.limits },
  };
}

import type { QuotaResourceUsage } from '@internal/plugin-stores-common';
import type { KubeObject } from '../kubernetes/KubernetesClient';

/**
 * One resource of a store's ResourceQuota, what is used of what the plan
 * allows: the API's shape (generated from the OpenAPI spec).
 */
export type { QuotaResourceUsage };

/**
 * Where the API reads stores' quota usage: the reconciler's watch cache,
 * which already holds every store's ResourceQuota with its status (the API
 * server keeps `status.used` current), so a read costs no request to the
 * cluster and no write to the database.
 */
export interface QuotaUsageSource {
  /**
   * False where no reconciler runs in this backend (nothing is watched);
   * `usageOf` then knows nothing.
   */
  readonly available: boolean;
  /** The usage of the store quota in `namespace`; undefined when none is cached. */
  usageOf(namespace: string): Promise<QuotaResourceUsage[] | undefined>;
}

/**
 * The usage from the cached ResourceQuota of a namespace (a store has one):
 * every resource of its `status.hard`, in the quota's order, with `used`
 * (0 when the quota controller has not counted it yet).
 */
export function quotaUsageOf(
  quotas: KubeObject[],
  toNumber: (quantity: string) => number | bigint,
): QuotaResourceUsage[] | undefined {
  const quota = quotas.find(q => (q.status as { hard?: object })?.hard);
  if (!quota) {
    return undefined;
  }
  const status = quota.status as {
    hard: Record<string, string>;
    used?: Record<string, string>;
  };
  return Object.entries(status.hard).map(([resource, hard]) => {
    const used = status.used?.[resource] ?? '0';
    const fraction = ratio(used, hard, toNumber);
    return fraction === undefined
      ? { resource, used, hard }
      : { resource, used, hard, fraction };
  });
}

function ratio(
  used: string,
  hard: string,
  toNumber: (quantity: string) => number | bigint,
): number | undefined {
  try {
    const u = Number(toNumber(used));
    const h = Number(toNumber(hard));
    if (!Number.isFinite(u) || !Number.isFinite(h) || h <= 0) {
      return undefined;
    }
    // Rounded: the answer stays the same while the quantities do.
    return Math.round((u / h) * 1000) / 1000;
  } catch {
    return undefined; // a quantity the parser does not know: no fraction
  }
}

/** Where no reconciler runs: no watch cache to read usage from. */
export const NO_QUOTA_USAGE: QuotaUsageSource = {
  available: false,
  usageOf: async () => undefined,
};

/**
 * The Kubernetes client's own quantity parser (`1Gi`, `300m`, ...). Its
 * package index does not export it, so it is loaded from the module that
 * defines it (the client is pinned; ESM, hence the dynamic import).
 */
export async function quantityParser(): Promise<
  (quantity: string) => number | bigint
> {
  const util = await import('@kubernetes/client-node/dist/util.js');
  return util.quantityToScalar;
}

import type { StorePlan } from './engine';

/** The ResourceQuota keys every built-in plan sets, in a plan row's order. */
const QUOTA_KEYS = [
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
  'requests.ephemeral-storage',
  'limits.ephemeral-storage',
  'requests.storage',
  'persistentvolumeclaims',
  'pods',
] as const;

type Resources = [cpu: string, memory: string, ephemeralStorage: string];

/** A string for each entry of a key list, in its order. */
type ValuesOf<Keys extends readonly string[]> = { [K in keyof Keys]: string };

/** One built-in plan as a row of figures (see DEFAULT_STORE_PLANS). */
interface PlanRow {
  quota: ValuesOf<typeof QUOTA_KEYS>;
  requests: Resources;
  limits: Resources;
  /** Size of both the database and the content volume. */
  volumes: string;
}

function planFromRow(row: PlanRow): Omit<StorePlan, 'name'> {
  const resources = ([cpu, memory, ephemeralStorage]: Resources) => ({
    cpu,
    memory,
    'ephemeral-storage': ephemeralStorage,
  });
  return {
    quota: Object.fromEntries(QUOTA_KEYS.map((key, i) => [key, row.quota[i]])),
    containerDefaults: {
      requests: resources(row.requests),
      limits: resources(row.limits),
    },
    databaseStorage: row.volumes,
    contentStorage: row.volumes,
  };
}

/**
 * The built-in plans, the default of `stores.plans`. `small` holds one
 * WooCommerce store: MariaDB, WordPress and the bootstrap Job, each at the
 * container defaults (300m / 768Mi requested, 1.5 CPU / 1.5Gi limits in all),
 * with room for a second WordPress pod during a rolling update, and 2Gi + 2Gi
 * of volumes. Ephemeral storage (each container's writable layer, logs and
 * emptyDirs) is requested and limited like CPU and memory, so one store
 * cannot fill a node's disk: the quota holds a Medusa store's five
 * containers and a pod at the LimitRange defaults beside them. Engine tests
 * and the conformance kit render against them.
 */
export const DEFAULT_STORE_PLANS: Record<string, Omit<StorePlan, 'name'>> = {
  // quota, in the order of QUOTA_KEYS; each container's requests and limits
  // (cpu, memory, ephemeral storage); the database and content volumes.
  small: planFromRow({
    quota: ['1', '2Gi', '3', '3Gi', '2Gi', '8Gi', '10Gi', '4', '10'],
    requests: ['100m', '256Mi', '256Mi'],
    limits: ['500m', '512Mi', '1Gi'],
    volumes: '2Gi',
  }),
  medium: planFromRow({
    quota: ['2', '4Gi', '6', '8Gi', '4Gi', '16Gi', '40Gi', '4', '20'],
    requests: ['250m', '512Mi', '512Mi'],
    limits: ['1', '1Gi', '2Gi'],
    volumes: '10Gi',
  }),
};

import type { StorePlan } from './engine';

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
  small: {
    quota: {
      'requests.cpu': '1',
      'requests.memory': '2Gi',
      'limits.cpu': '3',
      'limits.memory': '3Gi',
      'requests.ephemeral-storage': '2Gi',
      'limits.ephemeral-storage': '8Gi',
      'requests.storage': '10Gi',
      persistentvolumeclaims: '4',
      pods: '10',
    },
    containerDefaults: {
      requests: { cpu: '100m', memory: '256Mi', 'ephemeral-storage': '256Mi' },
      limits: { cpu: '500m', memory: '512Mi', 'ephemeral-storage': '1Gi' },
    },
    databaseStorage: '2Gi',
    contentStorage: '2Gi',
  },
  medium: {
    quota: {
      'requests.cpu': '2',
      'requests.memory': '4Gi',
      'limits.cpu': '6',
      'limits.memory': '8Gi',
      'requests.ephemeral-storage': '4Gi',
      'limits.ephemeral-storage': '16Gi',
      'requests.storage': '40Gi',
      persistentvolumeclaims: '4',
      pods: '20',
    },
    containerDefaults: {
      requests: { cpu: '250m', memory: '512Mi', 'ephemeral-storage': '512Mi' },
      limits: { cpu: '1', memory: '1Gi', 'ephemeral-storage': '2Gi' },
    },
    databaseStorage: '10Gi',
    contentStorage: '10Gi',
  },
};

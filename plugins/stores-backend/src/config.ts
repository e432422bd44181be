import type { Config } from '@backstage/config';
import { z } from 'zod';
import type { StorePlan } from '@internal/plugin-stores-node';
import { DEFAULT_IMAGES } from './engines/woocommerce/names';
import type { StoresConfig } from './types';

/*
 * Reads `stores:` from app-config once at start-up. The defaults are listed
 * here and documented in config.d.ts; an invalid value stops the backend with
 * a message naming the key.
 */

/** Kubernetes resource quantity, e.g. `500m`, `2`, `1.5Gi`. */
const quantity = z
  .string()
  .regex(
    /^([0-9]+(\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/,
    'must be a Kubernetes quantity such as 500m, 2, 512Mi or 10Gi',
  );

/** DNS name, for hosts built as `<store>.<baseDomain>`. */
const dnsName = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    'must be a lowercase DNS name such as stores.example.com',
  );

const dnsLabel = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be a lowercase DNS-1123 name',
  );

const positiveInt = z.number().int().positive();

const planSchema = z.strictObject({
  quota: z.record(z.string(), quantity),
  containerDefaults: z.strictObject({
    requests: z.strictObject({ cpu: quantity, memory: quantity }),
    limits: z.strictObject({ cpu: quantity, memory: quantity }),
  }),
  databaseStorage: quantity,
  contentStorage: quantity,
});

/**
 * The built-in plans. `small` holds one WooCommerce store: MariaDB,
 * WordPress and the bootstrap Job, each at the container defaults
 * (300m / 768Mi requested, 1.5 CPU / 1.5Gi limits in all), with room for a
 * second WordPress pod during a rolling update, and 2Gi + 2Gi of volumes.
 */
export const DEFAULT_PLANS: Record<string, Omit<StorePlan, 'name'>> = {
  small: {
    quota: {
      'requests.cpu': '1',
      'requests.memory': '2Gi',
      'limits.cpu': '3',
      'limits.memory': '3Gi',
      'requests.storage': '10Gi',
      persistentvolumeclaims: '4',
      pods: '10',
    },
    containerDefaults: {
      requests: { cpu: '100m', memory: '256Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
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
      'requests.storage': '40Gi',
      persistentvolumeclaims: '4',
      pods: '20',
    },
    containerDefaults: {
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { cpu: '1', memory: '1Gi' },
    },
    databaseStorage: '10Gi',
    contentStorage: '10Gi',
  },
};

const storesConfigSchema = z.strictObject({
  cluster: z
    .strictObject({
      inCluster: z.boolean().default(false),
      kubeconfigPath: z.string().min(1).optional(),
      context: z.string().min(1).optional(),
      qps: z.number().positive().default(20),
      burst: positiveInt.default(40),
    })
    .prefault({}),
  baseDomain: dnsName.default('stores.localhost'),
  scheme: z.enum(['http', 'https']).default('http'),
  ingressClassName: dnsLabel.optional(),
  tlsSecretName: dnsLabel.optional(),
  tlsSecretNamespace: dnsLabel.optional(),
  storageClassName: dnsLabel.optional(),
  images: z
    .strictObject({
      wordpress: z.string().min(1).default(DEFAULT_IMAGES.wordpress),
      mariadb: z.string().min(1).default(DEFAULT_IMAGES.mariadb),
      wpcli: z.string().min(1).default(DEFAULT_IMAGES.wpcli),
    })
    .prefault({}),
  plans: z
    .record(dnsLabel, planSchema)
    .refine(plans => Object.keys(plans).length > 0, 'must define a plan')
    .default(DEFAULT_PLANS),
  defaultPlan: z.string().default('small'),
  limits: z
    .strictObject({
      perOwner: positiveInt.default(5),
      total: positiveInt.default(500),
      createsPerUserPerMinute: positiveInt.default(10),
    })
    .prefault({}),
  reconciler: z
    .strictObject({
      enabled: z.boolean().default(true),
      concurrency: positiveInt.max(64).default(4),
      resyncIntervalSeconds: positiveInt.default(300),
      provisionTimeoutSeconds: positiveInt.default(900),
      namespaceDeletionTimeoutSeconds: positiveInt.default(300),
      leaseSeconds: positiveInt.min(5).default(60),
      backoffBaseMs: positiveInt.default(1000),
      backoffMaxMs: positiveInt.default(60000),
    })
    .prefault({}),
});

/**
 * Reads and defaults `stores:`. Throws an Error naming every invalid key, so
 * that a wrong config fails start-up instead of a later request.
 */
export function readStoresConfig(config: Config): StoresConfig {
  const raw = config.getOptional('stores') ?? {};
  const parsed = storesConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map(issue =>
        [
          `stores${issue.path.map(p => `.${String(p)}`).join('')}:`,
          issue.message,
        ].join(' '),
      )
      .join('; ');
    throw new Error(`Invalid stores configuration: ${problems}`);
  }
  const c = parsed.data;
  if (!c.plans[c.defaultPlan]) {
    throw new Error(
      `Invalid stores configuration: stores.defaultPlan "${
        c.defaultPlan
      }" is not one of the plans (${Object.keys(c.plans).join(', ')})`,
    );
  }
  if (c.reconciler.backoffMaxMs < c.reconciler.backoffBaseMs) {
    throw new Error(
      'Invalid stores configuration: stores.reconciler.backoffMaxMs must not be smaller than stores.reconciler.backoffBaseMs',
    );
  }
  const plans: Record<string, StorePlan> = {};
  for (const [name, plan] of Object.entries(c.plans)) {
    plans[name] = { name, ...plan };
  }
  return {
    cluster: c.cluster,
    settings: {
      baseDomain: c.baseDomain,
      scheme: c.scheme,
      ingressClassName: c.ingressClassName,
      tlsSecretName: c.tlsSecretName,
      storageClassName: c.storageClassName,
      images: c.images,
    },
    tlsSecretNamespace: c.tlsSecretNamespace,
    plans,
    defaultPlan: c.defaultPlan,
    limits: c.limits,
    reconciler: c.reconciler,
  };
}

import { DEFAULT_ROLLOUT } from './rollout/status';
import type { Config } from '@backstage/config';
import { z } from 'zod';
import {
  DEFAULT_BACKUP_PLAN,
  DEFAULT_INTERNAL_CIDRS,
  DEFAULT_STORE_PLANS,
  type StorePlan,
} from '@internal/plugin-stores-node';
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

/** The built-in plans (see DEFAULT_STORE_PLANS in stores-node). */
export const DEFAULT_PLANS = DEFAULT_STORE_PLANS;

const positiveInt = z.number().int().positive();

/** An IPv4 range such as `10.96.0.0/12`. */
const ipv4Cidr = z
  .string()
  .regex(
    /^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\/([0-9]|[12][0-9]|3[0-2])$/,
    'must be an IPv4 CIDR such as 10.96.0.0/12',
  );

/** A cron schedule: five fields, or a macro such as `@daily`. */
const cronSchedule = z
  .string()
  .regex(
    /^(@(yearly|annually|monthly|weekly|daily|hourly)|(\S+\s+){4}\S+)$/,
    'must be a cron schedule of five fields (e.g. 0 3 * * *) or @daily',
  );

/** A plan without ephemeral storage gets the small plan's. */
const containerResources = (ephemeralStorage: string) =>
  z.strictObject({
    cpu: quantity,
    memory: quantity,
    'ephemeral-storage': quantity.default(ephemeralStorage),
  });

const planSchema = z.strictObject({
  quota: z.record(z.string(), quantity),
  containerDefaults: z.strictObject({
    requests: containerResources(
      DEFAULT_STORE_PLANS.small.containerDefaults.requests['ephemeral-storage'],
    ),
    limits: containerResources(
      DEFAULT_STORE_PLANS.small.containerDefaults.limits['ephemeral-storage'],
    ),
  }),
  databaseStorage: quantity,
  contentStorage: quantity,
  backup: z
    .strictObject({
      schedule: cronSchedule.default(DEFAULT_BACKUP_PLAN.schedule),
      retention: positiveInt.max(100).default(DEFAULT_BACKUP_PLAN.retention),
    })
    .optional(),
});

/** `stores.backups.target`: a claim in the store's namespace or an S3 bucket. */
const backupTargetSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('pvc'),
    storage: quantity.default('4Gi'),
  }),
  z.strictObject({
    type: z.literal('s3'),
    endpoint: z
      .string()
      .regex(
        /^https?:\/\/[a-z0-9.-]+(:[0-9]{1,5})?\/?$/,
        'must be an http(s) URL of the endpoint, such as https://s3.eu-west-1.amazonaws.com',
      ),
    bucket: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        'must be an S3 bucket name (3-63 lowercase letters, digits, dots and dashes)',
      ),
    region: z.string().min(1).default('us-east-1'),
    credentialsSecret: dnsLabel.max(63),
    egressCidrs: z.array(ipv4Cidr).min(1).optional(),
  }),
]);

const storesConfigSchema = z.strictObject({
  // A label value (at most 63 characters), unique per portal on a cluster.
  instanceId: dnsLabel.max(63).default('default'),
  cluster: z
    .strictObject({
      inCluster: z.boolean().default(false),
      kubeconfigPath: z.string().min(1).optional(),
      context: z.string().min(1).optional(),
      // Measured with scripts/bench-reconcile.ts (README): 100 stores ready in
      // 48 s at QPS 100 and 16 workers, 80 s at QPS 20 and 4.
      qps: z.number().positive().default(100),
      burst: positiveInt.default(200),
      requestTimeoutSeconds: z.number().positive().max(600).default(30),
    })
    .prefault({}),
  baseDomain: dnsName.default('stores.localhost'),
  scheme: z.enum(['http', 'https']).default('http'),
  ingressClassName: dnsLabel.optional(),
  tlsSecretName: dnsLabel.optional(),
  tlsSecretNamespace: dnsLabel.optional(),
  storageClassName: dnsLabel.optional(),
  network: z
    .strictObject({
      internalCidrs: z.array(ipv4Cidr).min(1).default(DEFAULT_INTERNAL_CIDRS),
    })
    .prefault({}),
  // Roles and defaults belong to the engines (each module's config.d.ts);
  // an engine uses its own default for a role not set here.
  images: z.record(z.string(), z.string().min(1)).default({}),
  plans: z
    .record(dnsLabel, planSchema)
    .refine(plans => Object.keys(plans).length > 0, 'must define a plan')
    .default(DEFAULT_STORE_PLANS),
  defaultPlan: z.string().default('small'),
  limits: z
    .strictObject({
      perOwner: positiveInt.default(5),
      total: positiveInt.default(500),
      createsPerUserPerMinute: positiveInt.default(10),
    })
    .prefault({}),
  // Read and checked by readStoreAccessConfig (stores-node), which the
  // permission policy shares.
  access: z.unknown().optional(),
  reconciler: z
    .strictObject({
      enabled: z.boolean().default(true),
      concurrency: positiveInt.max(64).default(16),
      resyncIntervalSeconds: positiveInt.default(300),
      provisionTimeoutSeconds: positiveInt.default(900),
      namespaceDeletionTimeoutSeconds: positiveInt.default(300),
      leaseSeconds: positiveInt.min(2).default(4),
      orphans: z.enum(['report', 'delete']).default('report'),
      orphanGracePeriodSeconds: positiveInt.default(3600),
      orphanDeleteLimit: positiveInt.default(5),
      orphanScanIntervalSeconds: positiveInt.default(60),
      backoffBaseMs: positiveInt.default(1000),
      backoffMaxMs: positiveInt.default(60000),
    })
    .prefault({}),
  backups: z
    .strictObject({
      enabled: z.boolean().default(false),
      target: backupTargetSchema.prefault({ type: 'pvc' }),
    })
    .prefault({}),
  rollout: z
    .strictObject({
      maxConcurrent: positiveInt.default(DEFAULT_ROLLOUT.maxConcurrent),
      failureThreshold: positiveInt.default(DEFAULT_ROLLOUT.failureThreshold),
      progressDeadlineSeconds: positiveInt.default(
        DEFAULT_ROLLOUT.progressDeadlineSeconds,
      ),
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
    plans[name] = {
      name,
      ...plan,
      backup: { ...DEFAULT_BACKUP_PLAN, ...plan.backup },
    };
  }
  return {
    instanceId: c.instanceId,
    cluster: c.cluster,
    settings: {
      baseDomain: c.baseDomain,
      scheme: c.scheme,
      ingressClassName: c.ingressClassName,
      tlsSecretName: c.tlsSecretName,
      storageClassName: c.storageClassName,
      images: c.images,
      internalCidrs: c.network.internalCidrs,
      ...(c.backups.enabled ? { backups: { target: c.backups.target } } : {}),
    },
    tlsSecretNamespace: c.tlsSecretNamespace,
    plans,
    defaultPlan: c.defaultPlan,
    limits: c.limits,
    reconciler: c.reconciler,
    rollout: c.rollout,
  };
}

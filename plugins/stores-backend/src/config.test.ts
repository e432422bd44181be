import { ConfigReader } from '@backstage/config';
import { DEFAULT_INTERNAL_CIDRS } from '@internal/plugin-stores-node';
import { readStoresConfig } from './config';

/**
 * A plan as `stores.plans.<name>` configures it, with this quota, containers
 * of 50m / 64Mi requested and 200m / 256Mi limits (no ephemeral storage),
 * and 1Gi volumes.
 */
function configuredPlan(quota: Record<string, string>) {
  return {
    quota,
    containerDefaults: {
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '200m', memory: '256Mi' },
    },
    databaseStorage: '1Gi',
    contentStorage: '1Gi',
  };
}

describe('readStoresConfig', () => {
  it('fills every default', () => {
    const config = readStoresConfig(new ConfigReader({}));
    expect(config.settings).toEqual({
      baseDomain: 'stores.localhost',
      scheme: 'http',
      ingressClassName: undefined,
      tlsSecretName: undefined,
      storageClassName: undefined,
      // Each engine has its own defaults for the roles not set here.
      images: {},
      // Private, shared, link-local and loopback ranges.
      internalCidrs: DEFAULT_INTERNAL_CIDRS,
    });
    expect(Object.keys(config.plans)).toEqual(['small', 'medium']);
    expect(config.plans.small).toMatchObject({
      name: 'small',
      databaseStorage: '2Gi',
      contentStorage: '2Gi',
    });
    expect(config.defaultPlan).toBe('small');
    expect(config.limits).toEqual({
      perOwner: 5,
      total: 500,
      createsPerUserPerMinute: 10,
    });
    expect(config.cluster).toEqual({
      inCluster: false,
      qps: 100,
      burst: 200,
      requestTimeoutSeconds: 30,
    });
    expect(config.reconciler).toEqual({
      enabled: true,
      concurrency: 16,
      resyncIntervalSeconds: 300,
      provisionTimeoutSeconds: 900,
      namespaceDeletionTimeoutSeconds: 300,
      leaseSeconds: 4,
      orphans: 'report',
      orphanGracePeriodSeconds: 3600,
      orphanDeleteLimit: 5,
      orphanScanIntervalSeconds: 60,
      backoffBaseMs: 1000,
      backoffMaxMs: 60000,
    });
  });

  it('replaces the plans and keeps the given values', () => {
    const config = readStoresConfig(
      new ConfigReader({
        stores: {
          baseDomain: 'shops.example.com',
          storageClassName: 'kwok-volume',
          plans: {
            tiny: configuredPlan({ 'requests.cpu': '500m' }),
          },
          defaultPlan: 'tiny',
          limits: { perOwner: 1 },
          tlsSecretName: 'wildcard-tls',
          tlsSecretNamespace: 'certificates',
          reconciler: { namespaceDeletionTimeoutSeconds: 30 },
        },
      }),
    );
    expect(Object.keys(config.plans)).toEqual(['tiny']);
    expect(config.settings.tlsSecretName).toBe('wildcard-tls');
    expect(config.tlsSecretNamespace).toBe('certificates');
    expect(config.reconciler.namespaceDeletionTimeoutSeconds).toBe(30);
    expect(config.settings.storageClassName).toBe('kwok-volume');
    expect(config.limits.perOwner).toBe(1);
    expect(config.limits.total).toBe(500);
    // A plan that names no ephemeral storage gets the small plan's.
    expect(config.plans.tiny.containerDefaults).toEqual({
      requests: { cpu: '50m', memory: '64Mi', 'ephemeral-storage': '256Mi' },
      limits: { cpu: '200m', memory: '256Mi', 'ephemeral-storage': '1Gi' },
    });
  });

  it('gives engines the internal ranges their egress excludes, as configured', () => {
    const configured = readStoresConfig(
      new ConfigReader({
        stores: {
          network: { internalCidrs: ['10.96.0.0/12', '10.244.0.0/16'] },
        },
      }),
    );
    expect(configured.settings.internalCidrs).toEqual([
      '10.96.0.0/12',
      '10.244.0.0/16',
    ]);
  });

  it.each([
    [{ limits: { perOwner: 0 } }, 'stores.limits.perOwner'],
    [{ scheme: 'ftp' }, 'stores.scheme'],
    [{ baseDomain: 'Not A Domain' }, 'stores.baseDomain'],
    [
      { network: { internalCidrs: ['10.0.0.0/33'] } },
      'stores.network.internalCidrs.0: must be an IPv4 CIDR such as 10.96.0.0/12',
    ],
    [{ network: { internalCidrs: [] } }, 'stores.network.internalCidrs'],
    [
      { defaultPlan: 'huge' },
      'stores.defaultPlan "huge" is not one of the plans (small, medium)',
    ],
    [{ reconciler: { concurrency: 'many' } }, 'stores.reconciler.concurrency'],
    [{ surprise: true }, 'surprise'],
    [
      {
        plans: { small: configuredPlan({ 'limits.cpu': 'lots' }) },
      },
      'stores.plans.small.quota.limits.cpu: must be a Kubernetes quantity',
    ],
  ])('fails start-up on %j', (stores, message) => {
    expect(() => readStoresConfig(new ConfigReader({ stores }))).toThrow(
      message,
    );
  });
});

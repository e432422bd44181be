import type { RenderedObject } from '@internal/plugin-stores-common';
import { DEFAULT_STORE_PLANS } from '../../plans';
import type { StoreEngine } from '../../engine';
import { describeWithCluster } from '../cluster';
import { apiErrorMessage, ConformanceCluster } from './ConformanceCluster';
import { conformanceContext } from './fixtures';
import { secretLeaks } from './inspect';
import { judgeStoreObject } from '../../rendering';
import {
  cidrContains,
  egressProblems,
  limitRangeProblems,
  podHardeningProblems,
} from './hardeningChecks';
import {
  claimManifests,
  podManifests,
  podWithoutResources,
} from './podManifests';
import { readinessFixturesFor } from './readinessFixtures';
import { checkIsolation, storeLabelProblems } from './storeChecks';

/*
 * The kit's checks must catch what they are for: each is shown a store
 * that breaks its rule. (The engines' own test files show the good case.)
 */

const plan = { name: 'small', ...DEFAULT_STORE_PLANS.small };
const engine = { id: 'broken' } as StoreEngine;
const ctx = conformanceContext(engine, plan);

function deployment(
  podSpec: Record<string, unknown>,
  labels = {},
): RenderedObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: ctx.namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: podSpec },
    },
  };
}

const rootPod = {
  containers: [
    {
      name: 'web',
      image: 'nginx',
      resources: {
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { cpu: '100m', memory: '128Mi' },
      },
    },
  ],
};

describe('conformance checks', () => {
  it('finds literal credentials and Secret data', () => {
    const objects: RenderedObject[] = [
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's', namespace: ctx.namespace },
        stringData: { password: 'x' },
      },
      deployment({
        containers: [
          {
            name: 'web',
            env: [
              { name: 'DB_PASSWORD', value: 'hunter2' },
              { name: 'DATABASE_URL', value: 'postgres://u:hunter2@db/x' },
              { name: 'SAFE_URL', value: 'postgres://u:$(DB_PASSWORD)@db/x' },
            ],
          },
        ],
      }),
    ];
    expect(secretLeaks(objects)).toEqual([
      'Secret/s renders stringData',
      'Deployment/web container web env DB_PASSWORD has a literal value',
      'Deployment/web container web env DATABASE_URL holds a URL with a literal password',
    ]);
  });

  it("finds objects without the store labels, without the owner's annotation or outside the namespace", () => {
    expect(
      storeLabelProblems(ctx, [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'c', namespace: 'elsewhere' },
        },
      ]),
    ).toEqual([
      'ConfigMap/c: label app.kubernetes.io/managed-by is undefined, not backstage-stores',
      `ConfigMap/c: label stores.backstage.io/store-id is undefined, not ${ctx.store.id}`,
      'ConfigMap/c: label stores.backstage.io/slug is undefined, not conformance-shop',
      `ConfigMap/c: annotation stores.backstage.io/owner is undefined, not ${ctx.store.owner}`,
      'ConfigMap/c: not in the store namespace store-conformance-shop',
    ]);
  });

  it('finds a store without isolation', () => {
    expect(checkIsolation(ctx, [deployment(rootPod)])).toEqual([
      'the Namespace does not enforce Pod Security restricted',
      'no ResourceQuota with the hard limits of plan small',
      'no LimitRange',
      'no NetworkPolicy denying all ingress and all egress but DNS by default',
      'Deployment/web: mounts a service-account token',
      'Deployment/web container web: may run as root',
      'Deployment/web container web: allows privilege escalation',
      'Deployment/web container web: does not drop all capabilities',
      'Deployment/web container web: has no seccomp profile',
    ]);
  });

  it('takes a base policy that lets out more than DNS for no default deny', () => {
    const base = (egress: unknown[]): RenderedObject => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress },
    });
    const denies = (policy: RenderedObject) =>
      !checkIsolation(ctx, [policy]).some(p => p.includes('NetworkPolicy'));
    expect(denies(base([]))).toBe(true);
    expect(denies(base([{ ports: [{ protocol: 'UDP', port: 53 }] }]))).toBe(
      true,
    );
    expect(denies(base([{ ports: [{ protocol: 'TCP', port: 443 }] }]))).toBe(
      false,
    );
    expect(denies(base([{ to: [{ podSelector: {} }] }]))).toBe(false);
  });

  it('finds pods that are not hardened', () => {
    expect(
      podHardeningProblems([
        deployment({
          ...rootPod,
          volumes: [
            { name: 'scratch', emptyDir: {} },
            { name: 'unused', emptyDir: { sizeLimit: '1Gi' } },
          ],
          containers: rootPod.containers.map(c => ({
            ...c,
            volumeMounts: [{ name: 'scratch', mountPath: '/tmp' }],
          })),
        }),
      ]),
    ).toEqual([
      'Deployment/web container web: sets no ephemeral-storage requests',
      'Deployment/web container web: sets no ephemeral-storage limits',
      'Deployment/web container web: has a writable root filesystem',
      'Deployment/web container web: sets no imagePullPolicy',
      'Deployment/web: emptyDir scratch has no sizeLimit',
      'Deployment/web: emptyDir unused is mounted nowhere',
    ]);
  });

  it('finds a quota whose resources the LimitRange gives no default for', () => {
    const meta = { name: 'q', namespace: ctx.namespace };
    expect(
      limitRangeProblems([
        {
          apiVersion: 'v1',
          kind: 'ResourceQuota',
          metadata: meta,
          spec: {
            hard: {
              'requests.cpu': '1',
              memory: '1Gi',
              'limits.ephemeral-storage': '4Gi',
              pods: '10',
            },
          },
        },
        {
          apiVersion: 'v1',
          kind: 'LimitRange',
          metadata: meta,
          spec: {
            limits: [{ type: 'Container', defaultRequest: { cpu: '100m' } }],
          },
        },
      ]),
    ).toEqual([
      'the quota constrains memory but the LimitRange has no defaultRequest memory',
      'the quota constrains limits.ephemeral-storage but the LimitRange has no default ephemeral-storage',
    ]);
  });

  it('finds egress that can reach the internal ranges', () => {
    const policy = (name: string, egress: unknown[]): RenderedObject => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: ctx.namespace },
      spec: { podSelector: {}, policyTypes: ['Egress'], egress },
    });
    const https = [{ protocol: 'TCP', port: 443 }];
    const internal = { settings: { internalCidrs: ['10.0.0.0/8'] } };
    expect(
      egressProblems(conformanceContext(engine, plan, internal), [
        policy('anywhere', [{ ports: https }]),
        policy('all-ipv4', [
          { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: https },
        ]),
        policy('excepts-too-little', [
          {
            to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/16'] } }],
            ports: https,
          },
        ]),
        policy('fine', [
          {
            to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }],
            ports: https,
          },
          { to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] },
        ]),
      ]),
    ).toEqual([
      'NetworkPolicy/anywhere: an egress rule allows every destination',
      'NetworkPolicy/all-ipv4: egress to 0.0.0.0/0 reaches the internal range 10.0.0.0/8',
      'NetworkPolicy/excepts-too-little: egress to 0.0.0.0/0 reaches the internal range 10.0.0.0/8',
    ]);
    expect(cidrContains('172.16.0.0/12', '172.31.255.0/24')).toBe(true);
    expect(cidrContains('172.16.0.0/12', '172.32.0.0/24')).toBe(false);
    expect(cidrContains('10.0.0.0/16', '10.0.0.0/8')).toBe(false);
  });

  it('catches a judge that reads the replicas of the live object, not the rendered one', () => {
    const rendered = deployment(rootPod);
    const fixtures = readinessFixturesFor([rendered]);
    const scaled = fixtures.find(f => f.title.includes('scaled to 0'))!;
    expect(scaled.expected).toBe('progressing');
    const liveReplicas = (observed: RenderedObject) => {
      const { spec, status } = observed as any;
      return status.readyReplicas >= (spec.replicas ?? 1)
        ? 'ready'
        : 'progressing';
    };
    expect(liveReplicas(scaled.observed)).toBe('ready');
    expect(judgeStoreObject(scaled.observed, scaled.desired).state).toBe(
      'progressing',
    );
  });

  it("gives a StatefulSet's pods the claims of their replica", () => {
    const statefulSet: RenderedObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: ctx.namespace },
      spec: {
        replicas: 2,
        template: { metadata: { labels: { app: 'db' } }, spec: rootPod },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }],
      },
    };
    expect(
      podManifests([statefulSet], 'ns').map(p => [
        p.metadata.name,
        (p.spec as any).volumes,
      ]),
    ).toEqual([
      [
        'db-0',
        [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }],
      ],
      [
        'db-1',
        [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-1' } }],
      ],
    ]);
    expect(
      claimManifests([statefulSet], 'ns').map(c => c.metadata.name),
    ).toEqual(['data-db-0', 'data-db-1']);
  });
});

describeWithCluster('conformance checks on the cluster', () => {
  let cluster: ConformanceCluster;
  beforeAll(async () => {
    cluster = await ConformanceCluster.connect('kit');
  });
  afterAll(() => cluster?.cleanUp());

  it('the restricted namespace refuses a pod that may run as root', async () => {
    const namespace = await cluster.restrictedNamespace('root');
    const [pod] = podManifests([deployment(rootPod)], namespace);
    const refusal = await cluster
      .dryRunApply(pod)
      .then(() => 'admitted', apiErrorMessage);
    expect(refusal).toMatch(/violates PodSecurity "restricted:latest"/);
  }, 120_000);

  it('the quota refuses a pod beyond it', async () => {
    const namespace = await cluster.restrictedNamespace('quota');
    await cluster.create({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'tiny', namespace },
      spec: { hard: { 'requests.cpu': '50m' } },
    });
    await cluster.waitForQuotas(namespace);
    const [pod] = podManifests(
      [
        deployment({
          ...rootPod,
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: rootPod.containers.map(c => ({
            ...c,
            securityContext: {
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
            },
          })),
        }),
      ],
      namespace,
    );
    const refusal = await cluster
      .create(pod)
      .then(() => 'admitted', apiErrorMessage);
    expect(refusal).toMatch(/exceeded quota: tiny/);
  }, 120_000);

  it('the quota refuses a pod that sets no resources when no LimitRange gives defaults', async () => {
    const namespace = await cluster.restrictedNamespace('bare');
    await cluster.create({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'store-quota', namespace },
      spec: { hard: { 'requests.cpu': '1' } },
    });
    await cluster.waitForQuotas(namespace);
    const refusal = await cluster
      .create(podWithoutResources(namespace))
      .then(() => 'admitted', apiErrorMessage);
    expect(refusal).toMatch(/must specify requests.cpu/);
  }, 120_000);
});

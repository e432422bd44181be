// Defines describe blocks for the engine packages that call it.
/* eslint-disable jest/no-export */
import type { RenderedObject } from '@internal/plugin-stores-common';
import type {
  EngineRenderContext,
  EngineSettings,
  StoreEngine,
  StorePlan,
} from '../../engine';
import { BACKUP_COMPONENT } from '../../backups';
import { DEFAULT_STORE_PLANS } from '../../plans';
import { describeWithCluster } from '../cluster';
import { apiErrorMessage, ConformanceCluster } from './ConformanceCluster';
import { conformanceContext } from './fixtures';
import {
  allObjects,
  containersOf,
  describeObject,
  renderedClaims,
  renderedPods,
  secretLeaks,
} from './inspect';
import {
  claimManifests,
  podManifests,
  podWithoutResources,
} from './podManifests';
import {
  readinessFixturesFor,
  suspendedReadinessFixturesFor,
  type ReadinessFixture,
} from './readinessFixtures';
import {
  egressProblems,
  limitRangeProblems,
  podHardeningProblems,
} from './hardeningChecks';
import {
  checkIsolation,
  storeIdentityLabels,
  storeLabelProblems,
} from './storeChecks';

/** How {@link runEngineConformanceTests} renders and what it adds. */
export interface EngineConformanceOptions {
  /** Plans to render and fit; default: the built-in plans (DEFAULT_STORE_PLANS). */
  plans?: Record<string, Omit<StorePlan, 'name'>>;
  /**
   * Settings for the cluster tests, e.g. `{ storageClassName: 'kwok-volume' }`
   * on the local cluster (only that class binds there).
   */
  clusterSettings?: Partial<EngineSettings>;
  /** Engine-specific live states to judge, beside those the kit derives. */
  readiness?: ReadinessFixture[];
  /**
   * Settings every render uses (on the cluster too, under `clusterSettings`),
   * e.g. `{ backups: ... }` to hold a store with backups to the same contract.
   */
  settings?: Partial<EngineSettings>;
  /** Added to the describe block's title, to tell such runs apart. */
  variant?: string;
}

function isBackupClaim(object: RenderedObject): boolean {
  return (
    object.kind === 'PersistentVolumeClaim' &&
    object.metadata.labels?.['app.kubernetes.io/component'] === BACKUP_COMPONENT
  );
}

/** The budget of one cluster test: a few dozen API requests on a loaded machine. */
const CLUSTER_TEST_BUDGET_MS = 180_000;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function plansOf(options: EngineConformanceOptions): StorePlan[] {
  return Object.entries(options.plans ?? DEFAULT_STORE_PLANS).map(
    ([name, plan]) => ({ name, ...plan }),
  );
}

/** Server-side (dry-run) answers to each object, as `Kind/name: message` for the refused ones. */
async function refusals(
  objects: RenderedObject[],
  submit: (object: RenderedObject) => Promise<unknown>,
): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    try {
      await submit(object);
    } catch (error) {
      problems.push(`${describeObject(object)}: ${apiErrorMessage(error)}`);
    }
  }
  return problems;
}

/**
 * The contract every store engine keeps, as jest tests: call it at the top
 * level of a test file of the engine's package.
 *
 * - deterministic: the same store renders the same objects at any time,
 *   without changing the context it is given;
 * - every object (and pod template and claim) carries the store's labels and
 *   the owner annotation, in the store's namespace;
 * - no secret value is rendered: the generated Secret appears with metadata
 *   only and every credential comes from it by reference;
 * - isolation: a namespace enforcing `restricted`, the plan's quota and
 *   limits, default-deny network policies, no service-account token, the
 *   restricted security settings on every pod and container;
 * - hardening: every container's ephemeral storage requested and limited,
 *   a read-only root filesystem (emptyDirs, with a size limit, for what the
 *   image writes), an explicit pull policy; LimitRange defaults for every
 *   resource the quota constrains; no egress to the internal ranges;
 * - suspension: a suspended store renders every workload at 0 replicas and
 *   everything else unchanged (claims, Secrets, Jobs: its data is kept);
 * - readiness of every workload judged from live-state fixtures, against the
 *   object as rendered (a workload scaled to 0 by someone is not ready; one
 *   of a suspended store is, once its pods are gone);
 * - on the cluster (`describeWithCluster`: skipped with the reason when none
 *   is configured): every object passes the API server's validation and
 *   every pod Pod Security `restricted` admission (server-side dry-run apply
 *   into a namespace labelled `enforce=restricted`), and every plan's pods
 *   and claims are admitted by that plan's quota.
 */
export function runEngineConformanceTests(
  engine: StoreEngine,
  options: EngineConformanceOptions = {},
): void {
  const plans = plansOf(options);
  const render = (ctx: EngineRenderContext) => allObjects(engine.stages(ctx));
  const contextOf: typeof conformanceContext = (e, plan, o = {}) =>
    conformanceContext(e, plan, {
      ...o,
      settings: { ...options.settings, ...o.settings },
    });
  const variant = options.variant ? ` (${options.variant})` : '';

  describe(`store engine "${engine.id}" conformance${variant}`, () => {
    describe('rendering', () => {
      it.each(plans.map(p => [p.name, p] as const))(
        'renders the same objects for the same store at any time, leaving its context as it was (plan %s)',
        (_name, plan) => {
          const ctx = deepFreeze(contextOf(engine, plan));
          const first = {
            stages: engine.stages(ctx),
            secret: engine.secret(ctx),
            urls: engine.urls(ctx),
          };
          jest.useFakeTimers({ now: new Date('2031-06-15T03:04:05Z') });
          try {
            const again = {
              stages: engine.stages(contextOf(engine, plan)),
              secret: engine.secret(contextOf(engine, plan)),
              urls: engine.urls(contextOf(engine, plan)),
            };
            expect(again).toEqual(first);
            expect(JSON.stringify(again)).toBe(JSON.stringify(first));
          } finally {
            jest.useRealTimers();
          }
        },
      );

      it('puts the Namespace first, gives each stage its own condition and each object its own kind and name', () => {
        const ctx = contextOf(engine, plans[0]);
        const stages = engine.stages(ctx);
        expect(stages[0].objects[0]).toMatchObject({
          kind: 'Namespace',
          metadata: { name: ctx.namespace },
        });
        const conditions = stages.map(s => s.condition);
        expect(new Set(conditions).size).toBe(conditions.length);
        const ids = allObjects(stages).map(describeObject);
        expect(new Set(ids).size).toBe(ids.length);
        for (const stage of stages) {
          expect(stage.objects.length).toBeGreaterThan(0);
        }
      });

      it("labels every object, pod template and claim with the store and annotates the owner, in the store's namespace", () => {
        const ctx = contextOf(engine, plans[0]);
        const objects = render(ctx);
        expect(storeLabelProblems(ctx, objects)).toEqual([]);
        // Pod and claim templates are inside the objects checked above; the
        // pods and claims made from them carry the store's labels too.
        for (const { owner, metadata } of [
          ...renderedPods(objects),
          ...renderedClaims(objects),
        ]) {
          expect([owner, metadata.labels]).toEqual([
            owner,
            expect.objectContaining(storeIdentityLabels(ctx)),
          ]);
        }
      });

      it('renders no secret value: the generated Secret is metadata only and credentials come from it by reference', () => {
        const ctx = contextOf(engine, plans[0]);
        const objects = render(ctx);
        const secret = engine.secret(ctx);
        expect(secret.keys.length).toBeGreaterThan(0);
        expect(
          objects.filter(
            o => o.kind === 'Secret' && o.metadata.name === secret.name,
          ),
        ).toHaveLength(1);
        expect(secretLeaks(objects)).toEqual([]);
        const badKeys = renderedPods(objects).flatMap(pod =>
          containersOf(pod).flatMap(container =>
            ((container.env ?? []) as any[])
              .map(env => env.valueFrom?.secretKeyRef)
              .filter(ref => ref && ref.name === secret.name)
              .filter(ref => !secret.keys.includes(ref.key))
              .map(ref => `${pod.owner} ${container.name}: ${ref.key}`),
          ),
        );
        expect(badKeys).toEqual([]);
      });

      it.each(plans.map(p => [p.name, p] as const))(
        'isolates the store: restricted namespace, quota and limits, default deny, no service-account token, restricted pods (plan %s)',
        (_name, plan) => {
          const ctx = contextOf(engine, plan);
          expect(checkIsolation(ctx, render(ctx))).toEqual([]);
        },
      );

      it.each(plans.map(p => [p.name, p] as const))(
        'hardens every pod: ephemeral storage bounded, read-only root filesystem with bounded emptyDirs, explicit pull policy; LimitRange defaults for all the quota constrains (plan %s)',
        (_name, plan) => {
          const objects = render(contextOf(engine, plan));
          expect([
            ...podHardeningProblems(objects),
            ...limitRangeProblems(objects),
          ]).toEqual([]);
        },
      );

      it('lets no egress reach the internal ranges, the default ones or those configured', () => {
        for (const internalCidrs of [
          undefined,
          ['10.96.0.0/12', '203.0.113.0/24'],
        ]) {
          const ctx = contextOf(engine, plans[0], {
            settings: { internalCidrs },
          });
          expect(egressProblems(ctx, render(ctx))).toEqual([]);
        }
      });

      it('renders a suspended store with every workload at 0 replicas and everything else as it was (its data is kept)', () => {
        const ctx = contextOf(engine, plans[0]);
        const running = render(ctx);
        const suspended = render({ ...ctx, suspended: true });
        const isWorkload = (o: RenderedObject) =>
          o.kind === 'Deployment' || o.kind === 'StatefulSet';
        expect(running.filter(isWorkload).length).toBeGreaterThan(0);
        expect(
          suspended.filter(isWorkload).map(o => [describeObject(o), o.spec]),
        ).toEqual(
          running
            .filter(isWorkload)
            .map(o => [
              describeObject(o),
              { ...(o.spec as object), replicas: 0 },
            ]),
        );
        // Scheduled Jobs (backups) pause: their pods would need the
        // workloads that are scaled to 0.
        const isCronJob = (o: RenderedObject) => o.kind === 'CronJob';
        expect(
          suspended.filter(isCronJob).map(o => [describeObject(o), o.spec]),
        ).toEqual(
          running
            .filter(isCronJob)
            .map(o => [
              describeObject(o),
              { ...(o.spec as object), suspend: true },
            ]),
        );
        const isPaused = (o: RenderedObject) => isWorkload(o) || isCronJob(o);
        expect(suspended.filter(o => !isPaused(o))).toEqual(
          running.filter(o => !isPaused(o)),
        );
        expect(engine.secret({ ...ctx, suspended: true })).toEqual(
          engine.secret(ctx),
        );
      });

      it.each(['https', 'http'] as const)(
        'reports URLs on the store host with the configured scheme (%s)',
        scheme => {
          const ctx = contextOf(engine, plans[0], {
            settings: { scheme },
          });
          const urls = Object.values(engine.urls(ctx));
          expect(urls.length).toBeGreaterThan(0);
          for (const url of urls) {
            expect(url).toMatch(
              new RegExp(
                `^${scheme}://${
                  ctx.store.name
                }\\.${ctx.settings.baseDomain.replace(/\./g, '\\.')}/`,
              ),
            );
          }
        },
      );
    });

    describe('readiness', () => {
      const ctx = contextOf(engine, plans[0]);
      const fixtures = [
        // A backup claim binds at the first backup where the class waits
        // for a consumer: it never holds the store back, bound or not.
        ...readinessFixturesFor(render(ctx)).map(fixture =>
          isBackupClaim(fixture.desired)
            ? {
                ...fixture,
                title: `${fixture.title} (a backup claim: not awaited)`,
                expected: 'ready' as const,
              }
            : fixture,
        ),
        ...suspendedReadinessFixturesFor(render({ ...ctx, suspended: true })),
        ...(options.readiness ?? []),
      ];
      it('has live states to judge', () => {
        expect(fixtures.length).toBeGreaterThan(0);
      });
      it.each(fixtures.map(f => [f.title, f] as const))(
        'judges %s',
        (_title, fixture) => {
          const judged = engine.judge(fixture.observed, fixture.desired);
          expect(judged.state).toBe(fixture.expected);
          expect(judged.state === 'failed' ? judged.reason : undefined).toBe(
            fixture.expected === 'failed' ? fixture.reason : undefined,
          );
          // Stable messages: an unchanged object must not rewrite its condition.
          expect(engine.judge(fixture.observed, fixture.desired)).toEqual(
            judged,
          );
        },
      );
    });

    describeWithCluster('on the cluster', () => {
      let cluster: ConformanceCluster;
      beforeAll(async () => {
        cluster = await ConformanceCluster.connect(engine.id);
      });
      afterAll(async () => {
        await cluster?.cleanUp();
      });

      it(
        'passes the API server: every object validates and every pod is admitted under Pod Security restricted (server-side dry run)',
        async () => {
          const namespace = await cluster.restrictedNamespace('admission');
          const ctx = contextOf(engine, plans[0], {
            namespace,
            settings: options.clusterSettings,
          });
          const objects = render(ctx).filter(o => o.kind !== 'Namespace');
          const pods = podManifests(objects, namespace);
          expect(pods.length).toBeGreaterThan(0);
          expect(
            await refusals([...objects, ...pods], o => cluster.dryRunApply(o)),
          ).toEqual([]);
        },
        CLUSTER_TEST_BUDGET_MS,
      );

      it.each(plans.map(p => [p.name, p] as const))(
        "fits every pod and claim in the quota of plan %s (created for real under the plan's ResourceQuota), with room for a pod that sets no resources and gets the LimitRange's defaults",
        async (name, plan) => {
          // One-off pods never run at once: the bootstrap Job's at
          // provisioning, a scheduled Job's (backups) later, of a ready
          // store. Each is fitted beside the workloads, in its own namespace.
          const oneOffs: Array<(o: RenderedObject) => boolean> = [
            o => o.kind !== 'CronJob',
          ];
          if (render(contextOf(engine, plan)).some(o => o.kind === 'CronJob')) {
            oneOffs.push(o => o.kind !== 'Job');
          }
          const fitBesideWorkloads = async (
            purpose: string,
            runsNow: (o: RenderedObject) => boolean,
          ) => {
            const namespace = await cluster.restrictedNamespace(purpose);
            const ctx = contextOf(engine, plan, {
              namespace,
              settings: options.clusterSettings,
            });
            const objects = render(ctx);
            const quota = objects.filter(
              o => o.kind === 'ResourceQuota' || o.kind === 'LimitRange',
            );
            expect(quota.map(o => o.kind)).toContain('ResourceQuota');
            for (const object of quota) await cluster.create(object);
            await cluster.waitForQuotas(namespace);
            expect(
              await refusals(
                [
                  ...claimManifests(objects, namespace),
                  ...podManifests(objects.filter(runsNow), namespace),
                ],
                o => cluster.create(o),
              ),
            ).toEqual([]);
            const bare = await cluster.create(podWithoutResources(namespace));
            expect((bare.spec as any).containers[0].resources).toEqual(
              plan.containerDefaults,
            );
          };
          for (const [index, runsNow] of oneOffs.entries()) {
            await fitBesideWorkloads(
              index === 0 ? name : `${name}-scheduled`,
              runsNow,
            );
          }
        },
        CLUSTER_TEST_BUDGET_MS,
      );
    });
  });
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '@internal/plugin-stores-common';
import { describeWithCluster } from '@internal/plugin-stores-test-utils';
import type { KubeObject } from '../kubernetes/KubernetesClient';
import { startPrometheus, valueOf } from '../metrics/__testUtils__/prometheus';
import { StoresMetrics } from '../metrics/StoresMetrics';
import type { RouteContext } from '../service/routes/RouteContext';
import { rolloutStatusHandler } from '../service/routes/rollout';
import type { RolloutGate } from './RolloutGate';
import type { RolloutStatus } from './status';
import {
  auditLogPath,
  auditOffset,
  startTestPortal,
  storesWritesSince,
  testStoresConfig,
  uniqueStoreNames,
  waitFor,
  type TestPortal,
} from '../reconciler/__testUtils__';

jest.setTimeout(420_000);

const OLD_IMAGE = testStoresConfig().settings.images.wordpress;
const NEW_IMAGE = 'wordpress:6.9-php8.3-apache';
const STORES = 20;
const ROLLOUT = {
  maxConcurrent: 3,
  failureThreshold: 2,
  // Generous: a store that comes up must not count as failed on a loaded machine.
  progressDeadlineSeconds: 120,
};
/**
 * The change of the pause scenario: an image whose pods the API server
 * refuses in this suite's namespaces (a ValidatingAdmissionPolicy), so no
 * store that takes it is ever ready again with it.
 */
const REFUSED_IMAGE = 'wordpress:0.0-stores-rollout-test-refused';
const PAUSE_ROLLOUT = {
  maxConcurrent: 3,
  failureThreshold: 2,
  // No store can be ready with the refused image: a short deadline costs
  // no flakiness here and keeps the suite short.
  progressDeadlineSeconds: 20,
};
const { storeName, run } = uniqueStoreNames();
const POLICY_NAME = `stores-rollout-test-${run}`;

/** Oldest first, as the gate orders stores of one generation. */
function byAge(stores: Store[]): Store[] {
  return [...stores].sort(
    (a, b) =>
      a.generation - b.generation ||
      a.createdAt.localeCompare(b.createdAt) ||
      a.id.localeCompare(b.id),
  );
}

/** Follows the gate's status every 100 ms until `done` holds; prints the changes. */
async function follow(
  gate: RolloutGate,
  what: string,
  done: (status: RolloutStatus) => boolean,
  timeoutMs: number,
) {
  let maxInProgress = 0;
  const timeline: string[] = [];
  let last = '';
  const started = Date.now();
  const status = await waitFor(
    what,
    async () => {
      const now = gate.status();
      maxInProgress = Math.max(maxInProgress, now.inProgress);
      const line = `${now.state} pending=${now.pending} inProgress=${now.inProgress} done=${now.done} failed=${now.failed}`;
      if (line !== last) {
        last = line;
        timeline.push(
          `${String(Math.round((Date.now() - started) / 1000)).padStart(
            4,
          )} s ${line}`,
        );
      }
      return now;
    },
    done,
    { timeoutMs, intervalMs: 100 },
  ).finally(() =>
    // eslint-disable-next-line no-console
    console.log(`${what}, timeline:\n${timeline.join('\n')}`),
  );
  return { status, maxInProgress, started };
}

/** What `GET /rollout` answers with this reconciler behind it. */
async function rolloutRoute(portal: TestPortal): Promise<unknown> {
  let answer: unknown;
  const ctx = {
    options: { config: testStoresConfig(), reconciler: portal.reconciler },
    credentialsOf: async () => ({}),
  } as unknown as RouteContext;
  const handler = rolloutStatusHandler(ctx) as unknown as (
    req: unknown,
    res: { json(body: unknown): void },
  ) => Promise<void>;
  await handler({}, { json: body => (answer = body) });
  return answer;
}

/**
 * #21 acceptance 2 on the local control plane: 20 ready stores, then the
 * portal restarts with another WordPress image and
 * `stores.rollout.maxConcurrent: 3`. The change reaches at most 3 stores at
 * a time, oldest first, every store ends with the new image, and the
 * Deployment writes in the audit log went to the stores in their turns.
 * Then the portal restarts again with an image whose pods the API server
 * refuses in these namespaces (the stores' new pods fail): the rollout
 * pauses once `failureThreshold` stores were not ready within the deadline,
 * with events, the status route and the metric saying so, and the stores
 * that had no turn keep their objects.
 */
describeWithCluster('gradual rollout of an image change', () => {
  let dir: string;
  let before: TestPortal;
  let after: TestPortal | undefined;
  let paused: TestPortal | undefined;
  let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
  let pausedPrometheus: Awaited<ReturnType<typeof startPrometheus>> | undefined;
  let policyCreated = false;
  const suiteStarted = Date.now();
  let stores: Store[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stores-rollout-'));
    prometheus = await startPrometheus();
    before = await startTestPortal({
      databaseFile: path.join(dir, 'stores.sqlite'),
    });
  });
  afterAll(async () => {
    await paused?.dispose();
    await after?.dispose();
    await before?.dispose();
    if (policyCreated) {
      for (const kind of [
        'ValidatingAdmissionPolicyBinding',
        'ValidatingAdmissionPolicy',
      ]) {
        await before.admin
          .delete({
            apiVersion: 'admissionregistration.k8s.io/v1',
            kind,
            metadata: { name: POLICY_NAME },
          })
          .catch(() => undefined);
      }
    }
    await pausedPrometheus?.stop();
    await prometheus?.stop();
    // eslint-disable-next-line no-console
    console.log(
      `rollout suite: ${Math.round(
        (Date.now() - suiteStarted) / 1000,
      )} s for ${STORES} stores`,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function deploymentImage(store: Store): Promise<string | undefined> {
    const live = (await before.admin.read({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'wordpress', namespace: store.namespace },
    })) as (KubeObject & { spec?: any }) | undefined;
    return live?.spec?.template?.spec?.containers?.find(
      (c: { name: string }) => c.name === 'wordpress',
    )?.image;
  }

  it(`${STORES} stores are ready with the old image`, async () => {
    for (let i = 0; i < STORES; i++) {
      stores.push(await before.provision(storeName(`r${i}`)));
    }
    for (const store of stores) {
      await before.waitForStore(store.id, s => s?.phase === 'ready', 240_000);
    }
    await before.reconciler.whenIdle();
    await before.stop();
    stores = byAge(
      (await Promise.all(stores.map(s => before.database.getStore(s.id)))).map(
        s => s!,
      ),
    );
    expect(await deploymentImage(stores[0])).toBe(OLD_IMAGE);
  });

  it('a new image in config reaches at most 3 stores at a time, oldest first', async () => {
    const audit = auditLogPath();
    const offset = audit ? auditOffset(audit) : 0;
    const config = testStoresConfig();
    config.settings.images = {
      ...config.settings.images,
      wordpress: NEW_IMAGE,
    };
    config.rollout = ROLLOUT;
    after = await startTestPortal({
      config,
      databaseFile: path.join(dir, 'stores.sqlite'),
      metrics: StoresMetrics.create({ metrics: prometheus.metrics }),
    });
    stores.forEach(s => after!.deleteAfter(s.namespace));

    // Follow the gate until it ends: never more than 3 in progress.
    const gate = after.reconciler.rollout;
    const {
      status: finished,
      maxInProgress,
      started,
    } = await follow(
      gate,
      'the rollout of the new image',
      status => status.state === 'done' || status.state === 'paused',
      300_000,
    );

    expect(maxInProgress).toBeLessThanOrEqual(3);
    expect(maxInProgress).toBe(3);
    expect(finished).toMatchObject({ done: STORES, failed: 0, pending: 0 });
    // Turns went oldest first.
    const admitted = gate.admitted;
    expect(admitted).toEqual(stores.map(s => s.id));
    for (const store of stores) {
      expect(await deploymentImage(store)).toBe(NEW_IMAGE);
    }

    // The metrics say the same.
    const samples = await prometheus.scrape();
    expect(valueOf(samples, 'stores_rollout_paused')).toBe(0);
    expect(valueOf(samples, 'stores_rollout_stores', { state: 'done' })).toBe(
      STORES,
    );
    expect(
      valueOf(samples, 'stores_rollout_stores', { state: 'pending' }),
    ).toBe(0);

    // The audit log (a local cluster's): the new Deployment went only to the
    // stores that had a turn.
    const hadTurn = stores
      .filter(s => admitted.includes(s.id))
      .map(s => s.namespace)
      .sort();
    // Only this suite's namespaces: the suites running beside it on the
    // same cluster write Deployments of their own stores meanwhile.
    const ours = new Set(stores.map(s => s.namespace));
    const deployments = audit
      ? storesWritesSince(audit, offset).filter(
          w =>
            w.resource === 'deployments' &&
            w.name === 'wordpress' &&
            ours.has(w.namespace ?? ''),
        )
      : [];
    // eslint-disable-next-line no-console
    console.log(
      `Deployment writes after the restart: ${deployments
        .map(
          w =>
            `${Math.round((w.receivedAt - started) / 1000)} s ${w.verb} ${
              w.namespace
            }`,
        )
        .join('; ')}`,
    );
    const written = audit
      ? [...new Set(deployments.map(w => w.namespace))].sort()
      : hadTurn;
    expect(written).toEqual(hadTurn);
  });

  it('an image whose new pods fail pauses the rollout at the failure threshold: status route, events and metric say so; stores without a turn keep their objects', async () => {
    await after!.stop();
    const namespaces = stores.map(s => s.namespace);
    // The stores' new pods fail: the API server refuses pods with the
    // refused image in this suite's namespaces (only there: the cluster is
    // shared with other suites).
    await before.admin.create({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: POLICY_NAME },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            {
              apiGroups: [''],
              apiVersions: ['v1'],
              operations: ['CREATE'],
              resources: ['pods'],
            },
          ],
        },
        validations: [
          {
            expression: `object.spec.containers.all(c, c.image != '${REFUSED_IMAGE}')`,
            message: `${REFUSED_IMAGE} is refused by the rollout test`,
          },
        ],
      },
    });
    policyCreated = true;
    await before.admin.create({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: POLICY_NAME },
      spec: {
        policyName: POLICY_NAME,
        validationActions: ['Deny'],
        matchResources: {
          namespaceSelector: {
            matchExpressions: [
              {
                key: 'kubernetes.io/metadata.name',
                operator: 'In',
                values: namespaces,
              },
            ],
          },
        },
      },
    });

    const audit = auditLogPath();
    const offset = audit ? auditOffset(audit) : 0;
    const config = testStoresConfig();
    config.settings.images = {
      ...config.settings.images,
      wordpress: REFUSED_IMAGE,
    };
    config.rollout = PAUSE_ROLLOUT;
    pausedPrometheus = await startPrometheus();
    paused = await startTestPortal({
      config,
      databaseFile: path.join(dir, 'stores.sqlite'),
      metrics: StoresMetrics.create({ metrics: pausedPrometheus.metrics }),
    });
    const gate = paused.reconciler.rollout;
    const { status, maxInProgress } = await follow(
      gate,
      'the rollout of the refused image',
      s => s.state === 'paused' || s.state === 'done',
      // Start-up resync, then the deadline, on a loaded machine.
      240_000,
    );

    expect(status).toMatchObject({
      state: 'paused',
      maxConcurrent: 3,
      failureThreshold: 2,
      done: 0,
      pausedAt: expect.any(String),
    });
    expect(status.failed).toBeGreaterThanOrEqual(2);
    expect(maxInProgress).toBeLessThanOrEqual(3);
    // Turns stopped: the stores that never had one wait, with their objects
    // as before (a slot freed by the first failure may have gone to one
    // more store before the second failure paused the rollout).
    const admitted = new Set(gate.admitted);
    const waiting = stores.filter(s => !admitted.has(s.id));
    expect(admitted.size).toBeLessThanOrEqual(
      PAUSE_ROLLOUT.maxConcurrent + PAUSE_ROLLOUT.failureThreshold - 1,
    );
    expect(waiting.length).toBe(status.pending);
    expect(waiting.length).toBeGreaterThanOrEqual(
      STORES - PAUSE_ROLLOUT.maxConcurrent - PAUSE_ROLLOUT.failureThreshold + 1,
    );
    // The oldest had their turns first.
    expect([...gate.admitted.slice(0, 3)].sort()).toEqual(
      stores
        .slice(0, 3)
        .map(s => s.id)
        .sort(),
    );

    // The status route says so (a store still in progress may fail
    // meanwhile; nobody gets a turn any more).
    expect(await rolloutRoute(paused)).toMatchObject({
      state: 'paused',
      failed: expect.any(Number),
      pending: status.pending,
      done: 0,
      pauseReason: expect.stringMatching(/threshold 2/),
    });

    // Events: RolloutFailed on the stores that failed, one RolloutPaused.
    const reasons = new Map<string, string[]>();
    for (const store of stores) {
      reasons.set(
        store.id,
        (await paused.events(store.id)).map(e => e.reason),
      );
    }
    const failedStores = stores.filter(s =>
      reasons.get(s.id)!.includes('RolloutFailed'),
    );
    expect(failedStores.length).toBeGreaterThanOrEqual(2);
    expect(failedStores.every(s => admitted.has(s.id))).toBe(true);
    const pausedOn = stores.filter(s =>
      reasons.get(s.id)!.includes('RolloutPaused'),
    );
    expect(pausedOn).toHaveLength(1);
    expect(failedStores.map(s => s.id)).toContain(pausedOn[0].id);
    // A failed store is degraded, with the reason its pods never came.
    const failedRow = await paused.database.getStore(failedStores[0].id);
    expect(failedRow?.phase).toBe('degraded');

    // The metric says so.
    const samples = await pausedPrometheus.scrape();
    expect(valueOf(samples, 'stores_rollout_paused')).toBe(1);
    expect(valueOf(samples, 'stores_rollout_pauses_total')).toBe(1);
    expect(
      valueOf(samples, 'stores_rollout_stores', { state: 'failed' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      valueOf(samples, 'stores_rollout_stores', { state: 'pending' }),
    ).toBe(status.pending);

    // The waiting stores still run the image of the rollout before, and
    // no Deployment of theirs was written since the restart.
    for (const store of waiting) {
      expect(await deploymentImage(store)).toBe(NEW_IMAGE);
    }
    const waitingNamespaces = new Set(waiting.map(s => s.namespace));
    const written = audit
      ? storesWritesSince(audit, offset).filter(
          w =>
            w.resource === 'deployments' &&
            waitingNamespaces.has(w.namespace ?? ''),
        )
      : [];
    expect(written).toEqual([]);
    // eslint-disable-next-line no-console
    console.log(
      `rollout paused: ${admitted.size} stores had a turn, ${status.failed} failed, ${waiting.length} kept their objects; reason: ${status.pauseReason}; failed store phase ${failedRow?.phase} (${failedRow?.failureReason})`,
    );
  });
});

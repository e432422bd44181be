import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '@internal/plugin-stores-common';
import { describeWithCluster } from '@internal/plugin-stores-test-utils';
import type { KubeObject } from '../kubernetes/KubernetesClient';
import { startPrometheus, valueOf } from '../metrics/__testUtils__/prometheus';
import { StoresMetrics } from '../metrics/StoresMetrics';
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
const { storeName } = uniqueStoreNames();

/** Oldest first, as the gate orders stores of one generation. */
function byAge(stores: Store[]): Store[] {
  return [...stores].sort(
    (a, b) =>
      a.generation - b.generation ||
      a.createdAt.localeCompare(b.createdAt) ||
      a.id.localeCompare(b.id),
  );
}

/**
 * #21 acceptance 2, the part that runs on kwok: 20 ready stores, then the
 * portal restarts with another WordPress image and
 * `stores.rollout.maxConcurrent: 3`. The change reaches at most 3 stores at
 * a time, oldest first, every store ends with the new image, and the
 * Deployment writes in the audit log went to the stores in their turns.
 * The pause after failures is RolloutGate.test's: a failure injected here
 * (new pods refused by an admission policy) did not make the stores fail
 * (see docs/rollout.md, Limits).
 */
describeWithCluster('gradual rollout of an image change', () => {
  let dir: string;
  let before: TestPortal;
  let after: TestPortal | undefined;
  let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
  let stores: Store[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stores-rollout-'));
    prometheus = await startPrometheus();
    before = await startTestPortal({
      databaseFile: path.join(dir, 'stores.sqlite'),
    });
  });
  afterAll(async () => {
    await after?.dispose();
    await before?.dispose();
    await prometheus?.stop();
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

    // Follow the gate until it pauses: never more than 3 in progress.
    const gate = after.reconciler.rollout;
    let maxInProgress = 0;
    const timeline: string[] = [];
    const started = Date.now();
    const printTimeline = () =>
      // eslint-disable-next-line no-console
      console.log(`rollout timeline:\n${timeline.join('\n')}`);
    const finished = await waitFor(
      'the rollout to finish',
      async () => {
        const status = gate.status();
        maxInProgress = Math.max(maxInProgress, status.inProgress);
        const line = `${status.state} pending=${status.pending} inProgress=${status.inProgress} done=${status.done} failed=${status.failed}`;
        if (timeline[timeline.length - 1]?.slice(8) !== line) {
          timeline.push(
            `${String(Math.round((Date.now() - started) / 1000)).padStart(
              4,
            )} s ${line}`,
          );
        }
        return status;
      },
      status => status.state === 'done' || status.state === 'paused',
      { timeoutMs: 300_000, intervalMs: 100 },
    ).finally(printTimeline);

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
});

import { describeWithCluster } from '@internal/plugin-stores-test-utils';
import {
  startTestPortal,
  uniqueStoreNames,
  type TestPortal,
} from '../reconciler/__testUtils__';
import {
  has,
  startPrometheus,
  valueOf,
  type Sample,
} from './__testUtils__/prometheus';
import { StoresMetrics } from './StoresMetrics';

jest.setTimeout(240_000);

const KWOK_FAIL_LABEL = 'pod-container-running-failed.stage.kwok.x-k8s.io';
const { storeName } = uniqueStoreNames();
const failing = new Set<string>();
const engine = { engine: 'woocommerce' };

/**
 * docs/metrics.md, checked through the real exporter: a store created,
 * one that fails and both deleted against the local control plane, with a
 * scrape of /metrics over HTTP after each step.
 */
describeWithCluster(
  'metrics scraped through a create, a failure and a delete',
  () => {
    let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
    let portal: TestPortal;

    beforeAll(async () => {
      prometheus = await startPrometheus();
      portal = await startTestPortal({
        metrics: StoresMetrics.create({ metrics: prometheus.metrics }),
        engineOptions: {
          bootstrapPodLabels: (store): Record<string, string> =>
            failing.has(store.name) ? { [KWOK_FAIL_LABEL]: 'true' } : {},
        },
      });
    });
    afterAll(async () => {
      await portal?.dispose();
      await prometheus?.stop();
    });

    const requests = (samples: Sample[], verb: string, code: string) =>
      valueOf(samples, 'stores_kubernetes_requests_total', { verb, code });
    const passes = (samples: Sample[]) =>
      valueOf(samples, 'stores_reconcile_pass_duration_count');

    let afterCreate: Sample[];
    let readyId: string;
    let failedId: string;

    it('create: the fleet gauge counts the ready store; requests, passes and queue waits are counted', async () => {
      // The cluster is shared with the suites running beside this one: the
      // watches see their objects too, so passes and requests are compared
      // with what was counted before, never with 0.
      const before = await prometheus.scrape();
      expect(valueOf(before, 'stores_fleet_stores')).toBe(0);

      const created = await portal.provision(storeName('ready'));
      readyId = created.id;
      const ready = await portal.waitForStore(
        created.id,
        s => s?.phase === 'ready',
        150_000,
      );
      expect(ready?.phase).toBe('ready');
      await portal.reconciler.whenIdle();

      afterCreate = await prometheus.scrape();
      const summary = Object.fromEntries(
        afterCreate
          .filter(s => s.name.startsWith('stores_'))
          .filter(s => !s.name.includes('_bucket'))
          .map(s => [`${s.name}${JSON.stringify(s.labels)}`, s.value]),
      );
      // eslint-disable-next-line no-console
      console.log(`after the create: ${JSON.stringify(summary, null, 1)}`);

      expect(
        valueOf(afterCreate, 'stores_fleet_stores', {
          phase: 'ready',
          ...engine,
        }),
      ).toBe(1);
      expect(valueOf(afterCreate, 'stores_fleet_stores')).toBe(1);
      // The namespace and every object were created (201): a fresh store needs no apply.
      expect(
        requests(afterCreate, 'create', '201') -
          requests(before, 'create', '201'),
      ).toBeGreaterThanOrEqual(10);
      expect(passes(afterCreate)).toBeGreaterThan(passes(before));
      const done = (samples: Sample[]) =>
        valueOf(samples, 'stores_reconcile_pass_duration_count', {
          outcome: 'done',
        });
      expect(done(afterCreate)).toBeGreaterThan(done(before));
      const urgentWaits = (samples: Sample[]) =>
        valueOf(samples, 'stores_reconcile_queue_wait_count', {
          priority: 'urgent',
        });
      expect(urgentWaits(afterCreate)).toBeGreaterThan(urgentWaits(before));
      // Reported; their values follow the suites beside this one too (their
      // objects' events queue passes here, their namespaces count as orphans).
      expect(has(afterCreate, 'stores_reconcile_queue_depth')).toBe(true);
      expect(has(afterCreate, 'stores_orphans')).toBe(true);
      expect(valueOf(afterCreate, 'stores_failures_total')).toBe(0);
    });

    it('failure: the failures counter names the reason, the fleet gauge moves to failed', async () => {
      const name = storeName('fail');
      failing.add(name);
      const created = await portal.provision(name);
      failedId = created.id;
      const failed = await portal.waitForStore(
        created.id,
        s => s?.phase === 'failed' || s?.phase === 'ready',
        150_000,
      );
      expect(failed?.phase).toBe('failed');
      expect(failed?.failureReason).toMatch(/^BackoffLimitExceeded:/);

      const samples = await prometheus.scrape();
      expect(
        valueOf(samples, 'stores_failures_total', {
          phase: 'failed',
          reason: 'BackoffLimitExceeded',
          ...engine,
        }),
      ).toBe(1);
      expect(valueOf(samples, 'stores_failures_total')).toBe(1);
      expect(
        valueOf(samples, 'stores_fleet_stores', { phase: 'failed', ...engine }),
      ).toBe(1);
      expect(
        valueOf(samples, 'stores_fleet_stores', { phase: 'ready', ...engine }),
      ).toBe(1);
      expect(passes(samples)).toBeGreaterThan(passes(afterCreate));
      expect(requests(samples, 'create', '201')).toBeGreaterThan(
        requests(afterCreate, 'create', '201'),
      );
    });

    it('delete: the fleet gauge drops to nothing, deletes are counted by status', async () => {
      const before = await prometheus.scrape();
      await portal.requestDeletion(readyId);
      await portal.requestDeletion(failedId);
      await portal.waitForStore(readyId, s => s === undefined, 150_000);
      await portal.waitForStore(failedId, s => s === undefined, 150_000);

      const samples = await prometheus.scrape();
      expect(valueOf(samples, 'stores_fleet_stores')).toBe(0);
      // One namespace delete per store, at least, answered 200.
      expect(
        requests(samples, 'delete', '200') - requests(before, 'delete', '200'),
      ).toBeGreaterThanOrEqual(2);
      // A deletion is not a failure.
      expect(valueOf(samples, 'stores_failures_total')).toBe(1);
      expect(passes(samples)).toBeGreaterThan(passes(before));
    });
  },
);

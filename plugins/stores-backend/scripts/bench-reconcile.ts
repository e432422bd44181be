/*
 * Benchmark of the reconciler against a real API server (not a test: it
 * prints figures). Creates N stores at once (default 100), waits until all
 * are ready, resyncs once in steady state, then deletes them all.
 *
 *   scripts/with-cluster sh -c 'cd plugins/stores-backend && \
 *     node --require @backstage/cli/config/nodeTransform.cjs scripts/bench-reconcile.ts'
 *
 * Environment: BENCH_STORES (100), BENCH_CONCURRENCY (16), BENCH_QPS (100),
 * BENCH_BURST (200), KUBECONFIG, STORES_TEST_CLUSTER=local (API writes are
 * also counted from the local API server's audit log, by the stores
 * backend's user agent; STORES_K8S_AUDIT_LOG names another log).
 */
import {
  auditLogPath,
  auditOffset,
  storesWritesSince,
} from '../src/reconciler/__testUtils__/auditLog';
import { createSqliteStoresDatabase } from '../src/reconciler/__testUtils__/sqliteStoresDatabase';
import {
  createTestStore,
  startReconciler,
} from '../src/reconciler/__testUtils__/harness';
import { testStoresConfig } from '../src/reconciler/__testUtils__/testConfig';

const STORES = Number(process.env.BENCH_STORES ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const QPS = Number(process.env.BENCH_QPS ?? 100);
const BURST = Number(process.env.BENCH_BURST ?? 200);
const AUDIT_LOG = auditLogPath();

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

/** Writes by the stores backend's user agent in the audit log since `offset`. */
function auditWritesSince(offset: number): number | undefined {
  return AUDIT_LOG ? storesWritesSince(AUDIT_LOG, offset).length : undefined;
}
const auditAt = () => (AUDIT_LOG ? auditOffset(AUDIT_LOG) : 0);
const writesOf = (c: Record<string, number>) => c.create + c.apply + c.delete;

async function main() {
  const { database } = await createSqliteStoresDatabase();
  const config = testStoresConfig({
    reconciler: { concurrency: CONCURRENCY, provisionTimeoutSeconds: 600 },
    cluster: { qps: QPS, burst: BURST },
  });
  const { reconciler, kube } = await startReconciler({ config, database });
  const prefix = `b${Date.now().toString(36).slice(-5)}`;
  console.log(
    `stores=${STORES} concurrency=${CONCURRENCY} qps=${QPS} burst=${BURST}`,
  );

  // Create every store at once and time each to ready.
  let audit = auditAt();
  let counts = kube.requestCounts();
  const t0 = Date.now();
  const created = new Map<string, number>();
  const ids: string[] = [];
  for (let i = 0; i < STORES; i++) {
    const store = await createTestStore(database, `${prefix}-${i}`);
    created.set(store.id, Date.now());
    ids.push(store.id);
    reconciler.enqueue(store.id);
  }
  const readyAt = new Map<string, number>();
  while (readyAt.size < STORES) {
    for (const id of ids) {
      if (readyAt.has(id)) continue;
      const store = await database.getStore(id);
      if (store?.phase === 'ready') readyAt.set(id, Date.now());
      if (store?.phase === 'failed')
        throw new Error(`store ${store.name} failed: ${store.failureReason}`);
    }
    if (Date.now() - t0 > 600_000)
      throw new Error('not all stores ready after 600 s');
    await new Promise(r => setTimeout(r, 50));
  }
  const allReady = (Date.now() - t0) / 1000;
  const overhead = ids.map(id => readyAt.get(id)! - created.get(id)!);
  await reconciler.whenIdle();
  const createWrites = writesOf(kube.requestCounts()) - writesOf(counts);
  const createAudit = auditWritesSince(audit);
  const perStore = (n: number | undefined) =>
    n === undefined ? 'n/a' : `${n} (${(n / STORES).toFixed(1)} per store)`;
  console.log(`create: all ${STORES} ready in ${allReady.toFixed(1)} s`);
  console.log(
    `create: per-store creation->ready p50 ${percentile(
      overhead,
      50,
    )} ms, p95 ${percentile(overhead, 95)} ms, max ${Math.max(...overhead)} ms`,
  );
  console.log(
    `create: API writes ${createWrites} (${(createWrites / STORES).toFixed(
      1,
    )} per store); audit log: ${perStore(createAudit)}`,
  );

  // A resync of ready stores: should send nothing.
  await new Promise(r => setTimeout(r, 2000));
  await reconciler.whenIdle();
  audit = auditAt();
  counts = kube.requestCounts();
  const r0 = Date.now();
  await reconciler.resync();
  await reconciler.whenIdle();
  const after = kube.requestCounts();
  console.log(
    `resync: ${STORES} stores in ${Date.now() - r0} ms; API writes ${
      writesOf(after) - writesOf(counts)
    }, API requests of any kind ${
      Object.values(after).reduce((a, b) => a + b, 0) -
      Object.values(counts).reduce((a, b) => a + b, 0)
    }; audit log writes: ${auditWritesSince(audit) ?? 'n/a'}`,
  );

  // Delete them all and time each to gone.
  audit = auditAt();
  counts = kube.requestCounts();
  const d0 = Date.now();
  const deleting = new Map<string, number>();
  for (const id of ids) {
    await database.markDeleting(id, 'user:default/bench');
    deleting.set(id, Date.now());
    reconciler.enqueue(id);
  }
  const goneAt = new Map<string, number>();
  while (goneAt.size < STORES) {
    for (const id of ids) {
      if (!goneAt.has(id) && !(await database.getStore(id)))
        goneAt.set(id, Date.now());
    }
    if (Date.now() - d0 > 900_000)
      throw new Error('not all stores deleted after 900 s');
    await new Promise(r => setTimeout(r, 100));
  }
  const deleteTimes = ids.map(id => goneAt.get(id)! - deleting.get(id)!);
  const deleteWrites = writesOf(kube.requestCounts()) - writesOf(counts);
  console.log(
    `delete: all ${STORES} gone in ${((Date.now() - d0) / 1000).toFixed(
      1,
    )} s; per store p50 ${percentile(deleteTimes, 50)} ms, p95 ${percentile(
      deleteTimes,
      95,
    )} ms`,
  );
  console.log(
    `delete: API writes ${deleteWrites} (${(deleteWrites / STORES).toFixed(
      1,
    )} per store); audit log: ${perStore(auditWritesSince(audit))}`,
  );
  await reconciler.stop();
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);

// Over 350 lines on purpose: one benchmark read top to bottom, its phases
// in order in main() and the few reports they print beside it.
/*
 * Benchmark of the reconciler against a real API server (not a test: it
 * prints figures). Creates N stores at once, waits until all are ready,
 * resyncs once at rest, then deletes them all.
 *
 *   export STORES_K8S_CLUSTER_NAME=bench STORES_K8S_NODES=3  # 110 pods a node, 3 per store
 *   scripts/k8s-local up && eval "$(scripts/k8s-local env)" && export KUBECONFIG STORES_TEST_CLUSTER=local
 *   cd plugins/stores-backend && node --require @backstage/cli/config/nodeTransform.cjs \
 *     scripts/bench-reconcile.ts --stores 100
 *
 * Options: --stores 10|100|1000 (default 10); --concurrency, --qps, --burst
 * (default: the shipped defaults, `stores.reconciler.concurrency` and
 * `stores.cluster.qps`/`burst` as config.ts reads them), to compare others.
 * The reconciler runs in this process as the chart's ServiceAccount, with
 * the real database code on SQLite; each store's row is created and queued
 * as `POST /api/stores/stores` does. Writes are counted from the local API
 * server's audit log by the stores backend's user agent
 * (STORES_K8S_AUDIT_LOG names another log); on the local cluster the same
 * log tells how long the stores' claims waited for kwok to bind them.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { parseArgs } from 'node:util';
import { readStoresConfig } from '../src/config';
import type { KubernetesClient } from '../src/kubernetes/KubernetesClient';
import { ManagedObjectCache } from '../src/kubernetes/ManagedObjectCache';
import {
  AuditedWrite,
  auditLogPath,
  auditOffset,
  storesWritesSince,
  writesSince,
} from '../src/reconciler/__testUtils__/auditLog';
import { createSqliteStoresDatabase } from '../src/reconciler/__testUtils__/sqliteStoresDatabase';
import {
  createTestStore,
  startReconciler,
} from '../src/reconciler/__testUtils__/harness';

/** The user agent of kwok, which binds the local cluster's volumes. */
const KWOK_USER_AGENT = 'kwok-controller/';
/** Pods a store runs: MariaDB, WordPress and the bootstrap Job's pod. */
const PODS_PER_STORE = 3;
/** What a kwok node of the local cluster holds. */
const PODS_PER_NODE = 110;

const { values: args } = parseArgs({
  options: {
    stores: { type: 'string', default: '10' },
    concurrency: { type: 'string' },
    qps: { type: 'string' },
    burst: { type: 'string' },
  },
});

function positiveInt(name: string, value: string | undefined) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`--${name} must be a positive integer, got "${value}"`);
  }
  return n;
}

const STORES = positiveInt('stores', args.stores)!;
const AUDIT_LOG = auditLogPath();
if (!AUDIT_LOG) {
  throw new Error(
    'No audit log: run against the local cluster (STORES_TEST_CLUSTER=local) or set STORES_K8S_AUDIT_LOG',
  );
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}
const p50p95 = (values: number[]) =>
  `p50 ${percentile(values, 50)} ms, p95 ${percentile(
    values,
    95,
  )} ms, max ${Math.max(...values)} ms`;
const load = async () =>
  (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim();
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Writes on the benchmark's stores only (other clients of the cluster may share the user agent). */
function benchWrites(offset: number, namespaces: Map<string, string>) {
  return storesWritesSince(AUDIT_LOG!, offset).filter(w =>
    namespaces.has((w.resource === 'namespaces' ? w.name : w.namespace) ?? ''),
  );
}

/** The shipped configuration, with only what the local cluster needs and the options given. */
function shippedConfig() {
  const overrides = {
    concurrency: positiveInt('concurrency', args.concurrency),
    qps: positiveInt('qps', args.qps),
    burst: positiveInt('burst', args.burst),
  };
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return readStoresConfig(
    new ConfigReader({
      stores: {
        cluster: {
          kubeconfigPath: process.env.KUBECONFIG,
          ...defined({ qps: overrides.qps, burst: overrides.burst }),
        },
        baseDomain: 'stores.test',
        ingressClassName: 'nginx',
        // The local cluster binds only PVCs of its kwok-volume class.
        storageClassName: 'kwok-volume',
        limits: { perOwner: STORES, total: STORES },
        reconciler: defined({ concurrency: overrides.concurrency }),
      },
    }),
  );
}

/** Fails early, with what to do, when the nodes cannot hold every store's pods. */
async function checkPodCapacity() {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(process.env.KUBECONFIG!);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const nodes = (await core.listNode()).items.filter(node =>
    node.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    ),
  );
  const capacity = nodes.reduce(
    (sum, node) => sum + Number(node.status?.allocatable?.pods ?? 0),
    0,
  );
  const used = (await core.listPodForAllNamespaces()).items.filter(
    pod => pod.spec?.nodeName,
  ).length;
  const needed = STORES * PODS_PER_STORE;
  if (capacity - used < needed) {
    const nodesNeeded = Math.ceil((needed + used) / PODS_PER_NODE);
    throw new Error(
      `${STORES} stores need ${needed} pods; the cluster's ${nodes.length} Ready nodes hold ${capacity} and ${used} are taken: start the cluster with STORES_K8S_NODES=${nodesNeeded}`,
    );
  }
  return nodes.length;
}

async function main() {
  const nodes = await checkPodCapacity();
  const config = shippedConfig();
  const { database } = await createSqliteStoresDatabase();
  const { reconciler, notifier, admin, kube } = await startReconciler({
    config,
    database,
  });
  const prefix = `b${Date.now().toString(36).slice(-5)}`;
  console.log(
    `stores=${STORES} concurrency=${config.reconciler.concurrency} qps=${config.cluster.qps} burst=${config.cluster.burst} nodes=${nodes}`,
  );
  console.log(`load average at start: ${await load()}`);

  // The notifier hears every phase change: when each store got ready or gone.
  const readyAt = new Map<string, number>();
  const goneAt = new Map<string, number>();
  let failure: string | undefined;
  const notify = notifier.storeChanged.bind(notifier);
  notifier.storeChanged = async (store, options) => {
    if (options?.deleted) goneAt.set(store.id, Date.now());
    else if (store.phase === 'ready' && !readyAt.has(store.id))
      readyAt.set(store.id, Date.now());
    else if (store.phase === 'failed')
      failure ??= `store ${store.name} failed: ${store.failureReason}`;
    return notify(store, options);
  };
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 200);
  // Every 30 s a long wait says how far it is (1,000 stores take minutes).
  const waitFor = async (
    done: () => boolean,
    what: string,
    ms: number,
    progress: () => string,
  ) => {
    const started = Date.now();
    const deadline = started + ms;
    let nextReport = started + 30_000;
    while (!done()) {
      if (failure) throw new Error(failure);
      if (Date.now() > deadline) throw new Error(`${what} after ${ms} ms`);
      if (Date.now() >= nextReport) {
        nextReport += 30_000;
        const secs = Math.round((Date.now() - started) / 1000);
        console.log(`  ... ${progress()} after ${secs} s`);
      }
      await new Promise(r => setTimeout(r, 50));
    }
  };

  // Create every store at once (the row, then the queue, as the POST handler does).
  let audit = auditOffset(AUDIT_LOG!);
  const t0 = Date.now();
  const created = new Map<string, number>();
  const namespaces = new Map<string, string>();
  await Promise.all(
    Array.from({ length: STORES }, async (_, i) => {
      const store = await createTestStore(database, `${prefix}-${i}`);
      created.set(store.id, Date.now());
      namespaces.set(store.namespace, store.id);
      reconciler.enqueue(store.id);
    }),
  );
  try {
    await waitFor(
      () => readyAt.size === STORES,
      `not all ${STORES} stores ready`,
      STORES * 5000 + 120_000,
      () => `create: ${readyAt.size} of ${STORES} ready`,
    );
  } catch (error) {
    // What did happen, then the namespaces go (the rows are in memory).
    console.log(
      `create: ${readyAt.size} of ${STORES} ready after ${(
        (Date.now() - t0) /
        1000
      ).toFixed(1)} s; load average: ${await load()}`,
    );
    const writes = benchWrites(audit, namespaces);
    reportFirstPass(writes, created, namespaces);
    reportWrites(writes);
    reportVolumes(audit, namespaces);
    await reconciler.stop();
    await Promise.all(
      [...namespaces.keys()].map(name =>
        admin.delete({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name },
        }),
      ),
    );
    throw error;
  }
  const allReady = (Date.now() - t0) / 1000;
  const toReady = [...created].map(([id, at]) => readyAt.get(id)! - at);
  await reconciler.whenIdle();
  const writes = benchWrites(audit, namespaces);
  console.log(`create: all ${STORES} ready in ${allReady.toFixed(1)} s`);
  console.log(`create: per-store creation->ready ${p50p95(toReady)}`);
  reportFirstPass(writes, created, namespaces);
  reportWrites(writes);
  reportVolumes(audit, namespaces);

  // A full resync of ready stores: should send nothing.
  await new Promise(r => setTimeout(r, 2000));
  await reconciler.whenIdle();
  audit = auditOffset(AUDIT_LOG!);
  const r0 = Date.now();
  await reconciler.resync();
  await reconciler.whenIdle();
  console.log(
    `resync: ${STORES} stores in ${Date.now() - r0} ms; writes (audit log): ${
      benchWrites(audit, namespaces).length
    }`,
  );
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const cache = await watchCacheStats(kube);
  console.log(
    `at rest: backend RSS ${mib(process.memoryUsage().rss)} (peak ${mib(
      peakRss,
    )}); watch cache ${cache.objects} objects, ${mib(cache.bytes)} as JSON`,
  );
  console.log(`load average after create and resync: ${await load()}`);

  // Delete them all and time each to gone.
  audit = auditOffset(AUDIT_LOG!);
  const d0 = Date.now();
  const deleting = new Map<string, number>();
  await Promise.all(
    [...created.keys()].map(async id => {
      await database.markDeleting(id, 'user:default/bench');
      deleting.set(id, Date.now());
      reconciler.enqueue(id);
    }),
  );
  await waitFor(
    () => goneAt.size === STORES,
    `not all ${STORES} stores deleted`,
    STORES * 5000 + 300_000,
    () => `delete: ${goneAt.size} of ${STORES} gone`,
  );
  const deleteTimes = [...deleting].map(([id, at]) => goneAt.get(id)! - at);
  console.log(
    `delete: all ${STORES} gone in ${((Date.now() - d0) / 1000).toFixed(
      1,
    )} s; per store ${p50p95(deleteTimes)}; writes (audit log): ${
      benchWrites(audit, namespaces).length
    }`,
  );
  console.log(`load average at end: ${await load()}`);
  clearInterval(sampler);
  await reconciler.stop();
}

/**
 * What the reconciler's watch cache holds: a second cache of the same
 * selection (every managed kind, the generated Secret's name), filled by
 * one list each as the reconciler's account, measured and stopped.
 */
async function watchCacheStats(
  kube: KubernetesClient,
): Promise<{ objects: number; bytes: number }> {
  const cache = ManagedObjectCache.create({
    client: kube,
    logger: mockServices.rootLogger({ level: 'error' }),
  });
  // The WooCommerce engine's generated Secret, the one name it watches.
  await cache.start({ secretNames: ['store-credentials'] });
  const stats = cache.stats();
  await cache.stop();
  return stats;
}

/**
 * From the audit log: how long after its creation a store's first write
 * reached the API server (queue wait) and its last create was answered
 * (every object sent), and how many round trips that took (writes of one
 * round trip overlap in time; the next starts after the last one answered).
 */
function reportFirstPass(
  writes: AuditedWrite[],
  created: Map<string, number>,
  namespaces: Map<string, string>,
) {
  const byStore = new Map<string, AuditedWrite[]>();
  for (const w of writes) {
    const ns = w.resource === 'namespaces' ? w.name : w.namespace;
    const id = ns && namespaces.get(ns);
    if (id && w.verb === 'create') {
      byStore.set(id, [...(byStore.get(id) ?? []), w]);
    }
  }
  const wait: number[] = [];
  const sent: number[] = [];
  const trips: number[] = [];
  for (const [id, own] of byStore) {
    const at = created.get(id)!;
    wait.push(Math.min(...own.map(w => w.receivedAt)) - at);
    sent.push(Math.max(...own.map(w => w.completedAt)) - at);
    let count = 0;
    let end = -Infinity;
    for (const w of [...own].sort((a, b) => a.receivedAt - b.receivedAt)) {
      if (w.receivedAt > end) count++;
      end = Math.max(end, w.completedAt);
    }
    trips.push(count);
  }
  console.log(`first pass: creation->first write ${p50p95(wait)}`);
  console.log(`first pass: creation->every object created ${p50p95(sent)}`);
  console.log(
    `first pass: sequential round trips per store p50 ${percentile(
      trips,
      50,
    )}, max ${Math.max(...trips)} (audit timestamps have 1 µs resolution)`,
  );
}

/** Writes per store, and any object written more than once. */
function reportWrites(writes: AuditedWrite[]) {
  const perObject = new Map<string, number>();
  for (const w of writes) {
    const key = `${w.namespace ?? ''}/${w.resource}/${w.name}`;
    perObject.set(key, (perObject.get(key) ?? 0) + 1);
  }
  const twice = [...perObject].filter(([, n]) => n > 1);
  const failed = writes.filter(w => (w.code ?? 0) >= 300).length;
  console.log(
    `create: writes (audit log) ${writes.length} = ${(
      writes.length / STORES
    ).toFixed(1)} per store for ${(perObject.size / STORES).toFixed(
      1,
    )} objects per store; objects written more than once: ${
      twice.length
    }; refused writes: ${failed}`,
  );
}

/**
 * The stores' claims on the local cluster: how long each waited for kwok's
 * volume stage to bind it, and how many times kwok played that stage for it
 * (one worker plays it for every claim of the cluster; see the README).
 */
function reportVolumes(offset: number, namespaces: Map<string, string>) {
  const createdAt = new Map<string, number>();
  const boundAt = new Map<string, number[]>();
  for (const w of writesSince(AUDIT_LOG!, offset, '')) {
    if (
      w.resource !== 'persistentvolumeclaims' ||
      !namespaces.has(w.namespace ?? '')
    ) {
      continue;
    }
    const key = `${w.namespace}/${w.name}`;
    if (w.verb === 'create' && (w.code ?? 0) < 300) {
      createdAt.set(key, w.completedAt);
    } else if (
      w.verb === 'patch' &&
      w.subresource === 'status' &&
      w.userAgent.startsWith(KWOK_USER_AGENT)
    ) {
      boundAt.set(key, [...(boundAt.get(key) ?? []), w.receivedAt]);
    }
  }
  const claims = [...createdAt].filter(([key]) => boundAt.has(key));
  if (claims.length === 0) {
    console.log(
      `volumes: ${createdAt.size} claims, none bound by kwok (not the local cluster)`,
    );
    return;
  }
  const waits = claims.map(([key, at]) => Math.min(...boundAt.get(key)!) - at);
  const plays = claims.map(([key]) => boundAt.get(key)!.length);
  console.log(
    `volumes: ${createdAt.size} claims; creation->bound by kwok ${p50p95(
      waits,
    )}; kwok's provision stage played per claim p50 ${percentile(
      plays,
      50,
    )}, max ${Math.max(...plays)}`,
  );
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);

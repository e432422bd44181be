/*
 * Benchmark: how fast store entities become readable from the catalog API.
 *
 *   cd plugins/catalog-backend-module-stores && yarn bench [options]
 *     --stores N                 stores to sync (default 5000)
 *     --changes N                single store changes timed after the sync (default 5)
 *     --postgres URL             run every plugin on this PostgreSQL instead of SQLite
 *     --processing-interval S    catalog.processingInterval in seconds
 *                                (default: the module's recommendation, see README;
 *                                `stock` leaves the catalog's own default of 100-150 s)
 *
 * Everything is real: the catalog backend, the stores backend (reconciler
 * off, so stores are only recorded), and this module with its real stores
 * client going over HTTP to the real stores router.
 *
 * 1. A first backend with the stores backend alone records N stores through
 *    `POST /api/stores/stores` (so the catalog gets no delta for them).
 * 2. A second backend on the same databases adds the module; its start-up
 *    trigger runs the full sync. Timed: from the backend's start until the
 *    catalog API reports all N entities.
 * 3. Single changes: a store created through the API, timed until its entity
 *    is readable (the delta path), one after another, with all N entities in
 *    the catalog.
 * 4. Restart: 50 more stores recorded while the catalog is not running, then
 *    the catalog and module back; timed until all entities are readable (the
 *    full sync after a portal restart, with most entities already there).
 * Load average is printed beside every figure (the machine is shared).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { JsonObject } from '@backstage/types';
import { type PortalClient, startPortal } from '../src/__testUtils__/portal';

const { values: args } = parseArgs({
  options: {
    stores: { type: 'string', default: '5000' },
    changes: { type: 'string', default: '5' },
    postgres: { type: 'string' },
    'processing-interval': { type: 'string', default: '1800' },
  },
});
const COUNT = positiveInteger(args.stores, '--stores');
const CHANGES = positiveInteger(args.changes, '--changes');
const CREATE_CONCURRENCY = 8;
const RESTART_NEW = 50;

function positiveInteger(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`${flag} must be a positive integer, got ${value}`);
  }
  return n;
}

function load(): string {
  return os
    .loadavg()
    .map(l => l.toFixed(1))
    .join(' ');
}

/** CPU time this process (catalog and stores backend) used since `since`. */
function cpuSince(since: NodeJS.CpuUsage): string {
  const { user, system } = process.cpuUsage(since);
  return `${((user + system) / 1e6).toFixed(1)} s CPU`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function benchConfig(): JsonObject {
  const interval = args['processing-interval'];
  const catalog: JsonObject = {};
  if (interval !== 'stock') {
    catalog.processingInterval = {
      seconds: positiveInteger(interval, '--processing-interval'),
    };
  }
  return {
    ...(args.postgres
      ? {
          backend: {
            database: {
              client: 'pg',
              connection: args.postgres,
              // A fresh set of databases per run.
              prefix: `bench_${Date.now()}_`,
            },
          },
        }
      : {}),
    catalog,
    stores: {
      limits: {
        perOwner: COUNT + CHANGES + RESTART_NEW,
        total: COUNT + CHANGES + RESTART_NEW,
        createsPerUserPerMinute: COUNT + CHANGES + RESTART_NEW,
      },
    },
  };
}

async function countStoreEntities(portal: PortalClient): Promise<number> {
  const res = await portal.fetch(
    '/api/catalog/entities/by-query?filter=kind=resource,spec.type=woocommerce-store&limit=1&fields=metadata.name',
  );
  if (!res.ok) throw new Error(`catalog query: ${res.status}`);
  return ((await res.json()) as { totalItems: number }).totalItems;
}

/** Records stores `bench-<from>` to `bench-<to - 1>` with the catalog not running. */
async function recordStores(
  databaseDir: string,
  extraConfig: JsonObject,
  from: number,
  to: number,
): Promise<void> {
  const started = performance.now();
  const portal = await startPortal({
    databaseDir,
    withCatalog: false,
    extraConfig,
  });
  try {
    let next = from;
    const worker = async () => {
      while (next < to) {
        const i = next++;
        await portal.createStore(
          `bench-${String(i).padStart(5, '0')}`,
          `group:default/team-${i % 20}`,
        );
      }
    };
    await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker));
  } finally {
    await portal.stop();
  }
  console.log(
    `recorded ${to - from} stores through the stores API in ${seconds(
      performance.now() - started,
    )} (catalog not running) (load ${load()})`,
  );
}

/** Starts the portal with the module and times until `expected` entities are readable. */
async function timeFullSync(
  databaseDir: string,
  extraConfig: JsonObject,
  expected: number,
  what: string,
): Promise<PortalClient> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const portal = await startPortal({ databaseDir, extraConfig });
  const backendUp = performance.now() - started;
  let readable = 0;
  let lastReport = performance.now();
  while (readable < expected) {
    await new Promise(r => setTimeout(r, 250));
    readable = await countStoreEntities(portal);
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      console.log(
        `  ... ${readable}/${expected} readable after ${seconds(
          lastReport - started,
        )}`,
      );
    }
  }
  console.log(
    `${what}: all ${expected} entities readable ${seconds(
      performance.now() - started,
    )} after the backend started (its start-up took ${seconds(
      backendUp,
    )}; ${cpuSince(cpu)}) (load ${load()})`,
  );
  return portal;
}

async function stopPortal(portal: PortalClient): Promise<void> {
  // The catalog's loops can keep stop() waiting; the figures are printed.
  await Promise.race([
    portal.stop(),
    new Promise(r => setTimeout(r, 10_000).unref()),
  ]);
}

async function main() {
  const databaseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stores-bench-'));
  const extraConfig = benchConfig();
  console.log(
    `catalog bench: ${COUNT} stores on ${
      args.postgres ? 'PostgreSQL' : 'SQLite'
    }, catalog.processingInterval ${
      args['processing-interval'] === 'stock'
        ? 'stock (100-150 s)'
        : `${args['processing-interval']} s`
    }`,
  );
  try {
    await recordStores(databaseDir, extraConfig, 0, COUNT);
    const portal = await timeFullSync(
      databaseDir,
      extraConfig,
      COUNT,
      `full sync of ${COUNT} new entities`,
    );
    try {
      const deltas: number[] = [];
      for (let i = 0; i < CHANGES; i++) {
        const name = `bench-change-${i}`;
        const t0 = performance.now();
        await portal.createStore(name);
        while (!(await portal.getStoreEntity(name))) {
          await new Promise(r => setTimeout(r, 50));
        }
        deltas.push(performance.now() - t0);
      }
      console.log(
        `single change by delta (store created -> entity readable), ${CHANGES} in a row: ${deltas
          .map(d => `${Math.round(d)} ms`)
          .join(', ')} (load ${load()})`,
      );
    } finally {
      await stopPortal(portal);
    }

    await recordStores(databaseDir, extraConfig, COUNT, COUNT + RESTART_NEW);
    await stopPortal(
      await timeFullSync(
        databaseDir,
        extraConfig,
        COUNT + CHANGES + RESTART_NEW,
        `full sync after a restart (${RESTART_NEW} stores new to the catalog)`,
      ),
    );
  } finally {
    fs.rmSync(databaseDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);

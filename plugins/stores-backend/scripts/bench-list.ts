/*
 * List latency of the stores database at 5,000 stores, on SQLite and (when
 * scripts/lib/postgres.sh's postgres_up has set STORES_TEST_POSTGRES_ID and
 * its connection string) PostgreSQL.
 * Prints figures; it asserts nothing. Run from plugins/stores-backend:
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/bench-list.ts
 *
 * Options (environment): BENCH_STORES (default 5000), BENCH_RUNS (200).
 */
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { createStoreRequestSchema } from '@internal/plugin-stores-common';
import knexFactory, { type Knex } from 'knex';
import { KnexStoresDatabase } from '../src/database/KnexStoresDatabase';
import type { ListStoresOptions } from '../src/database/StoresDatabase';

const STORES = Number(process.env.BENCH_STORES ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = 20;
const OWNERS = 50;

function asDatabaseService(knex: Knex): DatabaseService {
  return { getClient: async () => knex };
}

async function seed(knex: Knex) {
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const database = await KnexStoresDatabase.create({
    database: asDatabaseService(knex),
    now: () => new Date(clock),
  });
  const started = Date.now();
  for (let i = 0; i < STORES; i++) {
    clock += 1000;
    const { store: s } = await database.createStore({
      request: createStoreRequestSchema.parse({
        name: `bench-${i}`,
        displayName: i % 10 === 0 ? `Demo shop ${i}` : `Shop ${i}`,
        owner: `group:default/team-${i % OWNERS}`,
      }),
      namespace: `store-bench-${i}`,
      createdBy: 'user:default/bench',
      limits: { perOwner: STORES, total: STORES * 2 },
    });
    // A realistic spread of phases: most ready, some failed.
    if (i % 5 !== 0) {
      await database.claimStore(s.id, 'bench', 60_000);
      await database.updateStatus(s.id, 'bench', {
        phase: i % 7 === 0 ? 'failed' : 'ready',
      });
      await database.releaseStore(s.id, 'bench');
    }
  }
  return { database, seedSeconds: (Date.now() - started) / 1000 };
}

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function measure(
  label: string,
  run: () => Promise<unknown>,
): Promise<string> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return `  ${label.padEnd(44)} p50 ${percentile(times, 50)
    .toFixed(2)
    .padStart(7)} ms   p95 ${percentile(times, 95).toFixed(2).padStart(7)} ms`;
}

async function bench(name: string, knex: Knex) {
  const { database, seedSeconds } = await seed(knex);
  const base: ListStoresOptions = { limit: 50 };
  // Walk to a page about 80 % deep once, to time that page afterwards.
  let cursor: string | undefined;
  let position = 0;
  while (position < STORES * 0.8) {
    const page = await database.listStores({ ...base, cursor });
    cursor = page.nextCursor;
    position += page.items.length;
  }
  const deepCursor = cursor;
  const filtered: ListStoresOptions = {
    limit: 50,
    owners: ['group:default/team-7'],
    phases: ['ready', 'failed'],
    text: 'shop',
  };
  const lines = [
    `${name}: ${STORES} stores seeded in ${seedSeconds.toFixed(
      1,
    )} s; ${RUNS} runs per query after ${WARMUP} warm-up runs, limit 50, with totalCount`,
    await measure('first page (no filter)', () => database.listStores(base)),
    await measure('filtered page (owner + 2 phases + text)', () =>
      database.listStores(filtered),
    ),
    await measure(`deep cursor page (after ${position} stores)`, () =>
      database.listStores({ ...base, cursor: deepCursor }),
    ),
    await measure('owner-scoped access (5 owners, SQL filter)', () =>
      database.listStores({
        ...base,
        access: {
          criteria: {
            owners: [1, 2, 3, 4, 5].map(n => `group:default/team-${n}`),
          },
        },
      }),
    ),
  ];
  console.log(lines.join('\n'));
}

async function main() {
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  try {
    await bench('SQLite (better-sqlite3, in memory)', sqlite);
  } finally {
    await sqlite.destroy();
  }

  const major = (process.env.STORES_TEST_POSTGRES_ID ?? 'POSTGRES_15').replace(
    'POSTGRES_',
    '',
  );
  const pgUrl =
    process.env[`BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING`];
  if (!pgUrl) {
    console.log(
      'PostgreSQL: skipped (source scripts/lib/postgres.sh && postgres_up to set its connection string)',
    );
    return;
  }
  const dbName = `stores_bench_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: `${pgUrl}/postgres` });
  await admin.raw(`create database ${dbName}`);
  const pg = knexFactory({ client: 'pg', connection: `${pgUrl}/${dbName}` });
  try {
    const [{ version }] = (await pg.raw('select version()')).rows;
    await bench(`PostgreSQL (${String(version).split(' on ')[0]})`, pg);
  } finally {
    await pg.destroy();
    await admin.raw(`drop database ${dbName}`);
    await admin.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

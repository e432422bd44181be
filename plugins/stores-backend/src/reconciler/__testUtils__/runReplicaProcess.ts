/*
 * One reconciler replica in its own process, for the replicas test: runs
 * against the database named by STORES_TEST_DB_CLIENT / STORES_TEST_DB_CONNECTION
 * (PostgreSQL, or a SQLite file) as STORES_TEST_REPLICA until killed.
 * Started with
 *   node --require @backstage/cli/config/nodeTransform.cjs runReplicaProcess.ts
 * Prints one JSON line per event on stdout:
 *   {"ev":"started"} once the watch cache is filled,
 *   {"ev":"claim","id":...,"t":ms} when it takes a store's lease (renewals excluded),
 *   {"ev":"release","id":...,"t":ms} when it gives it back,
 *   {"ev":"pass","id":...,"t":ms} when a pass on a store begins (it reads the row),
 * so the parent can check every write in the audit log against the lease
 * windows of the replica that sent it.
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { StoreEngine } from '@internal/plugin-stores-node';
import { WooCommerceEngine } from '@internal/plugin-stores-backend-module-woocommerce';
import knexFactory from 'knex';
import { KnexStoresDatabase } from '../../database/KnexStoresDatabase';
import { KubernetesClient } from '../../kubernetes/KubernetesClient';
import { Reconciler } from '../Reconciler';
import { recordingScheduler, RecordingNotifier } from './harness';
import { asChartServiceAccount, testStoresConfig } from './testConfig';

function print(event: Record<string, unknown>) {
  process.stdout.write(`${JSON.stringify({ ...event, t: Date.now() })}\n`);
}

async function main() {
  const replica = process.env.STORES_TEST_REPLICA;
  const client = process.env.STORES_TEST_DB_CLIENT;
  const connection = process.env.STORES_TEST_DB_CONNECTION;
  if (!replica || !client || !connection) {
    throw new Error(
      'STORES_TEST_REPLICA, STORES_TEST_DB_CLIENT and STORES_TEST_DB_CONNECTION must be set',
    );
  }
  const knex = knexFactory(
    client === 'pg'
      ? { client: 'pg', connection }
      : {
          client: 'better-sqlite3',
          connection: { filename: connection },
          useNullAsDefault: true,
        },
  );
  if (client !== 'pg') {
    await knex.raw('PRAGMA busy_timeout = 5000');
  }
  const service: DatabaseService = {
    getClient: async () => knex,
    migrations: { skip: true },
  };
  const database = await KnexStoresDatabase.create({ database: service });

  // A pass begins by reading the store's row.
  const getStore = database.getStore.bind(database);
  database.getStore = async id => {
    print({ ev: 'pass', id });
    return getStore(id);
  };
  // Report lease windows: a claim that was not held before, and releases.
  const held = new Set<string>();
  const claimStore = database.claimStore.bind(database);
  database.claimStore = async (id, holder, leaseMs) => {
    const store = await claimStore(id, holder, leaseMs);
    // A pass claims once; the claim opens its window, its release closes it.
    if (store && !held.has(id)) {
      held.add(id);
      print({ ev: 'claim', id });
    }
    return store;
  };
  const releaseStore = database.releaseStore.bind(database);
  database.releaseStore = async (id, holder) => {
    await releaseStore(id, holder);
    held.delete(id);
    print({ ev: 'release', id });
  };

  const config = testStoresConfig({
    reconciler: { concurrency: 8, leaseSeconds: 4 },
  });
  const logger = mockServices.rootLogger({
    level: (process.env.STORES_TEST_LOG as any) ?? 'error',
  });
  const kube = await KubernetesClient.create({
    cluster: await asChartServiceAccount(config.cluster),
    logger,
    replica,
  });
  const engine = WooCommerceEngine.create();
  const reconciler = Reconciler.create({
    config,
    database,
    engines: new Map<string, StoreEngine>([[engine.id, engine]]),
    notifier: new RecordingNotifier(),
    logger,
    scheduler: recordingScheduler(),
    kube,
    holder: replica,
  });
  await reconciler.start();
  print({ ev: 'started' });
  // The parent creates stores in the database only: pick them up like a
  // fast resync would.
  setInterval(() => reconciler.resync().catch(() => undefined), 1000);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});

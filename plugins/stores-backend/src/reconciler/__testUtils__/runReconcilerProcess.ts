/*
 * A reconciler in its own process, for the crash test: runs against the
 * SQLite file named by STORES_TEST_DB_FILE until killed. Started with
 *   node --require @backstage/cli/config/nodeTransform.cjs runReconcilerProcess.ts
 * It prints "reconciler-started" once its watch cache is filled.
 */
import { createSqliteStoresDatabase } from './sqliteStoresDatabase';
import { startReconciler } from './harness';
import { testStoresConfig } from './testConfig';

async function main() {
  const file = process.env.STORES_TEST_DB_FILE;
  if (!file) {
    throw new Error('STORES_TEST_DB_FILE is not set');
  }
  const { database } = await createSqliteStoresDatabase(file);
  const { reconciler } = await startReconciler({
    config: testStoresConfig({ reconciler: { leaseSeconds: 5 } }),
    database,
    holder: `child-${process.pid}`,
  });
  process.stdout.write('reconciler-started\n');
  for (const id of await database.listLiveStoreIds()) {
    reconciler.enqueue(id);
  }
  // Stay alive; the parent kills this process.
  setInterval(() => reconciler.resync(), 2000);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});

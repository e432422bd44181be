import type { DatabaseService } from '@backstage/backend-plugin-api';
import knexFactory, { Knex } from 'knex';
import { KnexStoresDatabase } from '../../database/KnexStoresDatabase';

/**
 * The real stores database on SQLite: in memory, or in a file that several
 * processes share (the crash test kills one reconciler process and starts
 * another on the same file).
 */
export async function createSqliteStoresDatabase(filename = ':memory:') {
  const knex: Knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: filename === ':memory:' ? { min: 1, max: 1 } : undefined,
  });
  if (filename !== ':memory:') {
    // Two processes on one file: wait for the other's write lock instead of failing.
    await knex.raw('PRAGMA busy_timeout = 5000');
    await knex.raw('PRAGMA journal_mode = WAL');
  }
  const service: DatabaseService = {
    getClient: async () => knex,
    migrations: { skip: false },
  };
  const database = await KnexStoresDatabase.create({ database: service });
  return { database, knex };
}

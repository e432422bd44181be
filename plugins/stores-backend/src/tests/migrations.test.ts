import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { TestDatabaseId } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { createStoresTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@internal/plugin-stores-backend',
  'migrations',
);

const databases = createStoresTestDatabases();

function row(knex: Knex, id: string, name: string, liveName: string | null) {
  const now = new Date();
  return knex('stores').insert({
    id,
    name,
    live_name: liveName,
    display_name: name,
    engine: 'woocommerce',
    plan: 'small',
    owner: 'group:default/a',
    created_by: 'user:default/a',
    namespace: `store-${name}`,
    spec: '{}',
    phase: liveName ? 'pending' : 'deleted',
    conditions: '[]',
    urls: '{}',
    created_at: now,
    updated_at: now,
  });
}

describe.each(databases.eachSupportedId())(
  'migrations on %p',
  (databaseId: TestDatabaseId) => {
    it('run up, down and up again, with the live-name constraint in force', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      for (const table of ['stores', 'store_events', 'store_locks']) {
        expect([table, await knex.schema.hasTable(table)]).toEqual([
          table,
          true,
        ]);
      }
      expect(await knex('store_locks').select('name')).toEqual([
        { name: 'create' },
      ]);

      await knex.migrate.rollback({ directory: migrationsDir }, true);
      for (const table of ['stores', 'store_events', 'store_locks']) {
        expect([table, await knex.schema.hasTable(table)]).toEqual([
          table,
          false,
        ]);
      }

      await knex.migrate.latest({ directory: migrationsDir });
      // Deleted stores (live_name NULL) may share a name; live ones may not.
      await row(knex, 'id-1', 'same', null);
      await row(knex, 'id-2', 'same', null);
      await row(knex, 'id-3', 'same', 'same');
      // Matched on the message: better-sqlite3's error class may come from
      // another jest realm, so toThrow() would not recognize it as an Error.
      await expect(row(knex, 'id-4', 'same', 'same')).rejects.toMatchObject({
        message: expect.stringMatching(/unique/i),
      });
      const [{ n }] = await knex('stores').count({ n: '*' });
      expect(Number(n)).toBe(3);

      // Events go with their store.
      await knex('store_events').insert({
        store_id: 'id-3',
        type: 'Normal',
        reason: 'Created',
        message: 'm',
        created_at: new Date(),
      });
      await expect(
        knex('store_events').insert({
          store_id: 'no-such-store',
          type: 'Normal',
          reason: 'Created',
          message: 'm',
          created_at: new Date(),
        }),
      ).rejects.toMatchObject({
        message: expect.stringMatching(/foreign key/i),
      });
      await knex.destroy();
    });
  },
);

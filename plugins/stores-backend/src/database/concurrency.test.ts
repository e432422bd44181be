import { mockServices } from '@backstage/backend-test-utils';
import { createStoreRequestSchema } from '@internal/plugin-stores-common';
import knexFactory, { type Knex } from 'knex';
import {
  createStoresTestDatabases,
  POSTGRES_TEST_ID,
} from '../__testUtils__/testDatabases';
import { KnexStoresDatabase } from './KnexStoresDatabase';
import type { CreateStoreInput } from './StoresDatabase';

jest.setTimeout(120_000);

/*
 * Two backend replicas are two store services with their own connection
 * pools on one PostgreSQL database. (SQLite is a single local file with one
 * writer, so there is no second replica to simulate there.)
 */
const databases = createStoresTestDatabases();
const postgres = databases.supports(POSTGRES_TEST_ID)
  ? describe
  : describe.skip;

function input(
  name: string,
  owner: string,
  limits: CreateStoreInput['limits'],
): CreateStoreInput {
  return {
    request: createStoreRequestSchema.parse({ name, owner }),
    namespace: `store-${name}`,
    createdBy: 'user:default/alice',
    limits,
  };
}

postgres('two replicas on one PostgreSQL database', () => {
  let first: Knex;
  let second: Knex;
  let replicaA: KnexStoresDatabase;
  let replicaB: KnexStoresDatabase;

  beforeEach(async () => {
    first = await databases.init(POSTGRES_TEST_ID);
    // A second, independent pool on the same database.
    second = knexFactory({
      client: first.client.config.client,
      connection: first.client.config.connection,
      pool: { min: 0, max: 10 },
    });
    replicaA = await KnexStoresDatabase.create({
      database: mockServices.database({ knex: first }),
    });
    replicaB = await KnexStoresDatabase.create({
      database: mockServices.database({ knex: second }),
    });
  });

  afterEach(async () => {
    await second.destroy();
  });

  it('lets exactly one of 20 concurrent creates of one name succeed', async () => {
    const limits = { perOwner: 100, total: 100 };
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? replicaA : replicaB).createStore(
          input('contested', `group:default/team-${i}`, limits),
        ),
      ),
    );
    const ok = results.filter(r => r.status === 'fulfilled');
    const failed = results.filter(
      (r): r is PromiseRejectedResult => r.status === 'rejected',
    );
    expect(ok).toHaveLength(1);
    expect(new Set(failed.map(r => r.reason.name))).toEqual(
      new Set(['ConflictError']),
    );
    const [{ n }] = await first('stores').count({ n: '*' });
    expect(Number(n)).toBe(1);
  });

  it('never exceeds the per-owner or total limit under 20 concurrent creates', async () => {
    const perOwner = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? replicaA : replicaB).createStore(
          input(`owned-${i}`, 'group:default/team-a', {
            perOwner: 5,
            total: 100,
          }),
        ),
      ),
    );
    expect(perOwner.filter(r => r.status === 'fulfilled')).toHaveLength(5);
    expect(
      new Set(
        perOwner
          .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
          .map(r => r.reason.name),
      ),
    ).toEqual(new Set(['NotAllowedError']));

    const total = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? replicaA : replicaB).createStore(
          input(`total-${i}`, `group:default/other-${i}`, {
            perOwner: 5,
            total: 12,
          }),
        ),
      ),
    );
    expect(total.filter(r => r.status === 'fulfilled')).toHaveLength(7);

    const rows = await first('stores').whereNull('deleted_at').select('owner');
    expect(rows).toHaveLength(12);
    expect(rows.filter(r => r.owner === 'group:default/team-a')).toHaveLength(
      5,
    );
  });
});

// Keeps jest from failing an all-skipped file when PostgreSQL is absent
// (STORES_TEST_REQUIRE_POSTGRES=1 turns that absence into a failure above).
it('has the databases it needs or is allowed to skip', () => {
  expect(
    databases.supports(POSTGRES_TEST_ID) ||
      process.env.STORES_TEST_REQUIRE_POSTGRES !== '1',
  ).toBe(true);
});

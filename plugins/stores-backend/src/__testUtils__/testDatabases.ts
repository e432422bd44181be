import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * The databases every DB and router test runs on. PostgreSQL 15 comes from
 * scripts/lib/postgres.sh (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING);
 * with STORES_TEST_REQUIRE_POSTGRES=1 (set by the test command) a missing
 * PostgreSQL fails the run instead of silently testing SQLite only.
 */
export function createStoresTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({
    ids: ['POSTGRES_15', 'SQLITE_3'],
    disableDocker: true,
  });
  if (
    process.env.STORES_TEST_REQUIRE_POSTGRES === '1' &&
    !databases.supports('POSTGRES_15')
  ) {
    throw new Error(
      'STORES_TEST_REQUIRE_POSTGRES=1 but PostgreSQL 15 is not configured: source scripts/lib/postgres.sh and run postgres_up (it sets BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)',
    );
  }
  return databases;
}

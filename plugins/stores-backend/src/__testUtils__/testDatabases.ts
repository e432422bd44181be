// Also defines describe blocks for the tests, so the jest plugin takes it
// for a test file; exporting is its purpose.
/* eslint-disable jest/no-export */
import {
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';

/**
 * The PostgreSQL the database tests run on: scripts/lib/postgres.sh starts
 * whichever major (14 or newer) the machine has and names it in
 * STORES_TEST_POSTGRES_ID (e.g. POSTGRES_16), together with the matching
 * BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING.
 */
export const POSTGRES_TEST_ID = readPostgresTestId();

function readPostgresTestId(): TestDatabaseId {
  const id = process.env.STORES_TEST_POSTGRES_ID ?? 'POSTGRES_15';
  if (!/^POSTGRES_1[4-9]$/.test(id)) {
    throw new Error(
      `STORES_TEST_POSTGRES_ID=${id} is not a PostgreSQL id TestDatabases knows (POSTGRES_14 to POSTGRES_18)`,
    );
  }
  return id as TestDatabaseId;
}

/**
 * The databases every DB and router test runs on: SQLite and the
 * PostgreSQL above. With STORES_TEST_REQUIRE_POSTGRES=1 (set by the test
 * command) a missing PostgreSQL fails the run instead of silently testing
 * SQLite only.
 */
export function createStoresTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({
    ids: [POSTGRES_TEST_ID, 'SQLITE_3'],
    disableDocker: true,
  });
  if (
    process.env.STORES_TEST_REQUIRE_POSTGRES === '1' &&
    !databases.supports(POSTGRES_TEST_ID)
  ) {
    const major = POSTGRES_TEST_ID.replace('POSTGRES_', '');
    throw new Error(
      `STORES_TEST_REQUIRE_POSTGRES=1 but ${POSTGRES_TEST_ID} is not configured: source scripts/lib/postgres.sh and run postgres_up (it sets STORES_TEST_POSTGRES_ID and BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING)`,
    );
  }
  return databases;
}

/**
 * `describe.each` over the databases of {@link createStoresTestDatabases};
 * `title` takes the database id as `%p`.
 */
export function describeOnEachDatabase(
  title: string,
  fn: (databases: TestDatabases, databaseId: TestDatabaseId) => void,
): void {
  const databases = createStoresTestDatabases();
  // eslint-disable-next-line jest/valid-title
  describe.each(databases.eachSupportedId())(title, databaseId => {
    fn(databases, databaseId);
  });
}

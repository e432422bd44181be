import { mockServices } from '@backstage/backend-test-utils';
import {
  createStoreRequestSchema,
  type CreateStoreRequest,
} from '@internal/plugin-stores-common';
import type { Knex } from 'knex';
import { KnexStoresDatabase } from '../database/KnexStoresDatabase';
import type { CreateStoreInput } from '../database/StoresDatabase';
import { describeOnEachDatabase } from './testDatabases';

const LIMITS = { perOwner: 100, total: 1000 };

/** A create request for `request.name`, owned by team-a, made by alice. */
export function input(
  request: Partial<CreateStoreRequest> & { name: string },
  extra: Partial<CreateStoreInput> = {},
): CreateStoreInput {
  return {
    request: createStoreRequestSchema.parse({
      owner: 'group:default/team-a',
      ...request,
    }),
    namespace: `store-${request.name}`,
    createdBy: 'user:default/alice',
    limits: LIMITS,
    ...extra,
  };
}

/** A KnexStoresDatabase on a fresh test database, on a clock the test moves. */
export interface StoresDatabaseFixture {
  createDatabase(): Promise<{ knex: Knex; database: KnexStoresDatabase }>;
  /** Moves the clock on by `ms` (1 by default, so creates sort apart). */
  tick(ms?: number): void;
  readonly clock: Date;
}

/**
 * `describe.each` over the supported databases (SQLite and PostgreSQL), each
 * block with its own fixture. `title` takes the database id as `%p`.
 */
export function describeStoresDatabase(
  title: string,
  fn: (fixture: StoresDatabaseFixture) => void,
): void {
  describeOnEachDatabase(title, (databases, databaseId) => {
    let clock = new Date('2026-11-23T10:00:00.000Z');
    fn({
      async createDatabase() {
        const knex = await databases.init(databaseId);
        clock = new Date('2026-11-23T10:00:00.000Z');
        const database = await KnexStoresDatabase.create({
          database: mockServices.database({ knex }),
          now: () => clock,
        });
        return { knex, database };
      },
      tick(ms = 1) {
        clock = new Date(clock.getTime() + ms);
      },
      get clock() {
        return clock;
      },
    });
  });
}

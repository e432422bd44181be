import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestDatabaseId,
  type TestDatabases,
} from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import request from 'supertest';
import type { StorePhase } from '@internal/plugin-stores-common';
import { KnexStoresDatabase } from '../database/KnexStoresDatabase';
import type { StoreStatusPatch } from '../database/StoresDatabase';
import { describeOnEachDatabase } from './testDatabases';
import storesPlugin from '../index';
import {
  allowAll,
  Captured,
  fakeEngineModule,
  policyPermissionsFactory,
  type TestPolicy,
} from './testServices';

export const ALICE = 'user:default/alice';
export const BOB = 'user:default/bob';

export const auth = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});

/**
 * The stores plugin in a test backend on one test database, for the router
 * tests (service/router*.test.ts): the fake engine, the reconciler off, a
 * policy the test can swap, and every log, signal, event and audit captured.
 */
export class RouterTestBackend {
  readonly #databases: TestDatabases;
  readonly #databaseId: TestDatabaseId;
  #backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  knex!: Knex;
  captured!: Captured;
  /** Decides every permission request; tests assign another. */
  policy: TestPolicy = allowAll;
  server: any;

  constructor(databases: TestDatabases, databaseId: TestDatabaseId) {
    this.#databases = databases;
    this.#databaseId = databaseId;
  }

  async start(storesConfig: object = {}) {
    this.knex = await this.#databases.init(this.#databaseId);
    this.captured = new Captured();
    this.policy = allowAll;
    this.#backend = await startTestBackend({
      features: [
        storesPlugin,
        fakeEngineModule,
        mockServices.database.factory({ knex: this.knex }),
        mockServices.rootConfig.factory({
          data: {
            stores: {
              // The router is under test here; the reconciler has its
              // own tests against a real cluster.
              reconciler: { enabled: false },
              limits: {
                perOwner: 50,
                total: 100,
                createsPerUserPerMinute: 100,
              },
              ...storesConfig,
            },
          },
        }),
        // No Authorization header means no credentials at all.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        policyPermissionsFactory(() => this.policy),
        ...this.captured.factories(),
      ],
    });
    this.server = this.#backend.server;
  }

  async stop() {
    await this.#backend?.stop();
    this.#backend = undefined;
  }

  async countRows() {
    const [{ stores }] = await this.knex('stores').count({ stores: '*' });
    const [{ events }] = await this.knex('store_events').count({
      events: '*',
    });
    return { stores: Number(stores), events: Number(events) };
  }

  /** A status write under a lease, as a reconcile pass makes it, through a second handle. */
  async writeStatusAsReconciler(id: string, patch: StoreStatusPatch) {
    const db = await KnexStoresDatabase.create({
      database: mockServices.database({ knex: this.knex }),
      skipMigrations: true,
    });
    await db.claimStore(id, 'test-reconciler', 60_000);
    await db.updateStatus(id, 'test-reconciler', patch);
    await db.releaseStore(id, 'test-reconciler');
  }

  /** Fails the store as the reconciler would. */
  markFailed(id: string) {
    return this.writeStatusAsReconciler(id, {
      phase: 'failed',
      failureReason: 'bootstrap Job failed',
    });
  }

  /** Puts the store in `phase` directly, as the reconciler or a delete would have. */
  async setPhase(id: string, phase: StorePhase) {
    await this.knex('stores').where({ id }).update({ phase });
  }

  create(body: object, user = ALICE, headers = {}) {
    return request(this.server)
      .post('/api/stores/stores')
      .set(auth(user))
      .set(headers)
      .send(body);
  }
}

/**
 * `describe.each` over the supported databases (SQLite and PostgreSQL), with
 * a RouterTestBackend per database that each test starts and that is stopped
 * after it. `title` takes the database id as `%p`.
 */
export function describeRouterOnEachDatabase(
  title: string,
  fn: (backend: RouterTestBackend) => void,
): void {
  describeOnEachDatabase(title, (databases, databaseId) => {
    const backend = new RouterTestBackend(databases, databaseId);
    afterEach(() => backend.stop());
    fn(backend);
  });
}

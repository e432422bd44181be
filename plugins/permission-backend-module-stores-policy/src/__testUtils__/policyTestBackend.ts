import type { BackendFeature } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import type { StoreReadAccess } from '@internal/plugin-stores-node';
import { engineTestModule } from '@internal/plugin-stores-node/testUtils';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import policyModule from '../index';
import {
  PLATFORM_TEAM,
  peopleUserInfoFactory,
  testAuthFactory,
} from './people';
import { SignalsListener } from './SignalsListener';

/**
 * The smallest engine the stores plugin accepts (it refuses to start
 * without one): these tests never reconcile, so nothing is rendered.
 */
const minimalEngineModule = engineTestModule(
  {
    id: 'woocommerce',
    secret: ({ store }) => ({ name: `${store.name}-credentials`, keys: [] }),
    stages: () => [],
    judge: () => ({ state: 'ready' }),
    urls: () => ({}),
  },
  'policy-test-engine',
);

/**
 * The stores plugin behind the real permission backend with the stores
 * policy, and the real signals backend, in one test backend on one test
 * database. Users are the mock credentials of ./people.ts; the reconciler is
 * off (what is under test is who may do what, not provisioning).
 */
export class PolicyTestBackend {
  #backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  readonly #listeners: SignalsListener[] = [];
  #signalsPrimed = false;
  server: any;

  async start(options: {
    databases: TestDatabases;
    databaseId: TestDatabaseId;
    read: StoreReadAccess;
  }) {
    const knex = await options.databases.init(options.databaseId);
    const features: BackendFeature[] = [
      // eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the real stores backend, started for the test
      import('@internal/plugin-stores-backend'),
      minimalEngineModule,
      import('@backstage/plugin-permission-backend'),
      policyModule,
      import('@backstage/plugin-signals-backend'),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          // One events service for the whole backend, in this process.
          events: { useEventBus: 'never' },
          stores: {
            reconciler: { enabled: false },
            access: { read: options.read, adminGroup: PLATFORM_TEAM },
          },
        },
      }),
      // No Authorization header means no credentials at all.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      testAuthFactory,
      peopleUserInfoFactory,
      // The real events service: the mock's is one per plugin, so the stores
      // plugin's signals would never reach the signals backend.
      eventsServiceFactory,
    ] as BackendFeature[];
    this.#backend = await startTestBackend({ features });
    this.server = this.#backend.server;
  }

  /** A browser session of `user`, listening to store signals. */
  async listen(user: string): Promise<SignalsListener> {
    await this.#primeSignals();
    const { port } = this.server.address() as AddressInfo;
    const listener = await SignalsListener.connect(
      `ws://localhost:${port}/api/signals`,
      user,
    );
    this.#listeners.push(listener);
    return listener;
  }

  /**
   * The signals backend subscribes to the server's upgrade events only when
   * a first upgrade request reaches its router, and leaves that request
   * unanswered (the browser's client gives up on it and retries). Send that
   * request, drop it once the server listens for upgrades, and every session
   * then opens at its first attempt.
   */
  async #primeSignals() {
    if (this.#signalsPrimed) {
      return;
    }
    const listeners = this.server.listenerCount('upgrade');
    const { port } = this.server.address() as AddressInfo;
    const priming = http.request({
      host: 'localhost',
      port,
      path: '/api/signals',
      headers: { Connection: 'Upgrade', Upgrade: 'websocket' },
    });
    priming.on('error', () => {}); // destroyed below, on purpose
    priming.end();
    try {
      const deadline = Date.now() + 30_000;
      while (this.server.listenerCount('upgrade') === listeners) {
        if (Date.now() > deadline) {
          throw new Error(
            'The signals backend did not start handling WebSocket upgrades within 30 s',
          );
        }
        await new Promise(resolve => setTimeout(resolve, 20));
      }
    } finally {
      priming.destroy();
    }
    this.#signalsPrimed = true;
  }

  async stop() {
    await Promise.all(this.#listeners.splice(0).map(l => l.close()));
    // The server's close waits for every socket, and a WebSocket the
    // signals backend took over can outlive its close handshake here; drop
    // whatever is left, as the backend's own stop does in development.
    this.server?.closeAllConnections();
    await this.#backend?.stop();
    this.#backend = undefined;
    this.#signalsPrimed = false;
  }

  create(user: string, body: { name: string; owner: string }, query = '') {
    return request(this.server)
      .post(`/api/stores/stores${query}`)
      .set(auth(user))
      .send(body);
  }

  get(user: string, path: string) {
    return request(this.server).get(`/api/stores${path}`).set(auth(user));
  }

  delete(user: string, id: string) {
    return request(this.server)
      .delete(`/api/stores/stores/${id}`)
      .set(auth(user));
  }

  retry(user: string, id: string) {
    return request(this.server)
      .post(`/api/stores/stores/${id}/retry`)
      .set(auth(user));
  }

  /** Names of the stores `user` sees in the list. */
  async listNames(user: string): Promise<string[]> {
    const res = await this.get(user, '/stores');
    if (res.status !== 200) {
      throw new Error(`GET /stores as ${user}: ${res.status} ${res.text}`);
    }
    return res.body.items.map((store: { name: string }) => store.name).sort();
  }
}

function auth(user: string) {
  return { Authorization: mockCredentials.user.header(user) };
}

/**
 * SQLite and the PostgreSQL of scripts/lib/postgres.sh (named in
 * STORES_TEST_POSTGRES_ID), as the stores backend's own database tests;
 * with STORES_TEST_REQUIRE_POSTGRES=1 a missing PostgreSQL fails the run.
 */
export function policyTestDatabases(): TestDatabases {
  const postgres = (process.env.STORES_TEST_POSTGRES_ID ??
    'POSTGRES_15') as TestDatabaseId;
  const databases = TestDatabases.create({
    ids: [postgres, 'SQLITE_3'],
    disableDocker: true,
  });
  if (
    process.env.STORES_TEST_REQUIRE_POSTGRES === '1' &&
    !databases.supports(postgres)
  ) {
    throw new Error(
      `STORES_TEST_REQUIRE_POSTGRES=1 but ${postgres} is not configured: source scripts/lib/postgres.sh and run postgres_up`,
    );
  }
  return databases;
}

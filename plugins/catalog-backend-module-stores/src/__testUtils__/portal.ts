import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import type { Entity } from '@backstage/catalog-model';
import type { Store } from '@internal/plugin-stores-common';
import { storesBackendForTests } from './storesBackendForTests';

function deepMerge(...objects: JsonObject[]): JsonObject {
  const result: JsonObject = {};
  for (const object of objects) {
    for (const [key, value] of Object.entries(object)) {
      const existing = result[key];
      result[key] =
        isObject(existing) && isObject(value)
          ? deepMerge(existing, value)
          : value;
    }
  }
  return result;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type TestBackend = Awaited<ReturnType<typeof startTestBackend>>;

/** Namespaces of every store the tests created, for cluster clean-up. */
export const createdStoreNamespaces = new Set<string>();

/** HTTP calls to the test backend, as a signed-in user. */
export class PortalClient {
  readonly backend: TestBackend;
  readonly baseUrl: string;

  constructor(backend: TestBackend) {
    this.backend = backend;
    const address = backend.server.address();
    if (!address || typeof address === 'string') {
      throw new Error('test backend has no TCP address');
    }
    this.baseUrl = `http://localhost:${address.port}`;
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      ...init,
      headers: {
        Authorization: mockCredentials.user.header('user:default/alice'),
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        ...init.headers,
      },
    });
  }

  async createStore(name: string, owner = 'group:default/team-a') {
    const res = await this.fetch('/api/stores/stores', {
      method: 'POST',
      body: JSON.stringify({ name, owner, displayName: `Store ${name}` }),
    });
    if (!res.ok) {
      throw new Error(`create ${name}: ${res.status} ${await res.text()}`);
    }
    const store = (await res.json()) as Store;
    createdStoreNamespaces.add(store.namespace);
    return store;
  }

  async deleteStore(id: string) {
    const res = await this.fetch(`/api/stores/stores/${id}`, {
      method: 'DELETE',
    });
    if (!res.ok) {
      throw new Error(`delete ${id}: ${res.status} ${await res.text()}`);
    }
  }

  async storeExists(id: string): Promise<boolean> {
    const res = await this.fetch(`/api/stores/stores/${id}`);
    if (res.status === 404) return false;
    if (!res.ok) throw new Error(`get ${id}: ${res.status}`);
    return true;
  }

  async getStoreEntity(name: string): Promise<Entity | undefined> {
    const res = await this.fetch(
      `/api/catalog/entities/by-name/resource/default/${name}`,
    );
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`catalog ${name}: ${res.status}`);
    return (await res.json()) as Entity;
  }

  /** Names of every store entity in the catalog. */
  async listStoreEntityNames(): Promise<string[]> {
    const res = await this.fetch(
      '/api/catalog/entities/by-query?filter=kind=resource,spec.type=woocommerce-store&limit=1000',
    );
    if (!res.ok) throw new Error(`catalog query: ${res.status}`);
    const body = (await res.json()) as { items: Entity[] };
    return body.items.map(e => e.metadata.name).sort();
  }

  async stop() {
    await this.backend.stop();
  }
}

/**
 * Polls `probe` until it returns a value other than undefined; returns it
 * with the time it took. Throws after `timeoutMs`.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; what: string },
): Promise<{ value: T; elapsedMs: number }> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return { value, elapsedMs: Date.now() - started };
    }
    if (Date.now() - started > options.timeoutMs) {
      throw new Error(
        `timed out after ${options.timeoutMs} ms: ${options.what}`,
      );
    }
    await new Promise(r => setTimeout(r, options.intervalMs ?? 100));
  }
}

/**
 * A real backend for the integration tests: the catalog, the stores backend
 * and this module (unless left out), on SQLite files in `databaseDir` so that
 * a second backend started on the same directory sees the same data.
 *
 * The real events service and scheduler are used (the test defaults give
 * every plugin its own events mock, which would never deliver the stores
 * backend's events to the catalog).
 */
export async function startPortal(options: {
  databaseDir: string;
  withStoresModule?: boolean;
  /** Leave out the catalog (and this module): the stores backend alone. */
  withCatalog?: boolean;
  extraFeatures?: Array<BackendFeature | Promise<{ default: BackendFeature }>>;
  extraConfig?: JsonObject;
}) {
  const backend = await startTestBackend({
    features: [
      mockServices.rootConfig.factory({
        data: deepMerge(
          {
            backend: {
              baseUrl: 'http://localhost:7007',
              database: {
                client: 'better-sqlite3',
                connection: { directory: options.databaseDir },
              },
            },
            events: { useEventBus: 'never' },
            catalog: {
              rules: [{ allow: ['Resource', 'Group', 'User', 'Location'] }],
              providers: {
                stores: {
                  // Run at start-up and then rarely: the test must see deltas do the work.
                  schedule: {
                    frequency: { minutes: 30 },
                    timeout: { minutes: 3 },
                  },
                },
              },
            },
          },
          storesBackendForTests.config,
          options.extraConfig ?? {},
        ),
      }),
      eventsServiceFactory,
      schedulerServiceFactory,
      ...(options.withCatalog === false
        ? []
        : [import('@backstage/plugin-catalog-backend')]),
      ...storesBackendForTests.features,
      ...(options.withStoresModule === false || options.withCatalog === false
        ? []
        : [import('../index')]),
      ...(options.extraFeatures ?? []),
    ],
  });
  return new PortalClient(backend);
}

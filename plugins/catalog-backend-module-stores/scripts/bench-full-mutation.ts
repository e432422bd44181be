/*
 * Benchmark: one full mutation of N stores (default 5,000) into a real
 * catalog (catalog backend on SQLite files in a temp directory).
 *
 *   cd plugins/catalog-backend-module-stores && yarn bench [N]
 *
 * Prints three figures:
 *   - list+build: listing every page from an in-memory StoresService and
 *     building the entities (no HTTP: the stores API is not what is measured),
 *   - applyMutation: from the start of the full mutation until the catalog's
 *     applyMutation resolved (entities written to refresh_state),
 *   - readable: from the start until the catalog API reports all N entities
 *     (processed and stitched into final_entities by the catalog's loop).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import type { Store } from '@internal/plugin-stores-common';
import type { StoresService } from '@internal/plugin-stores-node';
import { StoreEntityProvider } from '../src/provider/StoreEntityProvider';

const COUNT = Number(process.argv[2] ?? 5000);
const PAGE_SIZE = 200;

function makeStores(count: number): Store[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `bench-store-${String(i).padStart(5, '0')}`;
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name,
      displayName: `Bench store ${i}`,
      description: 'Benchmark store',
      engine: 'woocommerce',
      plan: i % 2 ? 'small' : 'medium',
      owner: `group:default/team-${i % 20}`,
      createdBy: 'user:default/bench',
      namespace: `store-${name}`,
      phase: 'ready',
      conditions: [],
      urls: {
        storefront: `http://${name}.stores.localhost`,
        admin: `http://${name}.stores.localhost/wp-admin`,
      },
      options: {},
      generation: 1,
      observedGeneration: 1,
      createdAt: new Date(0).toISOString(),
      updatedAt: new Date(0).toISOString(),
    };
  });
}

/** Pages through an array like the stores API does (opaque cursor). */
function fakeStoresService(stores: Store[]): StoresService {
  const fail = () => {
    throw new Error('not used by the benchmark');
  };
  return {
    async listStores(query = {}) {
      const start = Number(query.cursor ?? 0);
      const limit = Number(query.limit ?? 50);
      const next = start + limit;
      return {
        items: stores.slice(start, next),
        totalCount: stores.length,
        nextCursor: next < stores.length ? String(next) : undefined,
      };
    },
    getStore: fail,
    createStore: fail,
    dryRunCreateStore: fail,
    deleteStore: fail,
    retryStore: fail,
    listStoreEvents: fail,
  };
}

async function main() {
  const databaseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stores-bench-'));
  const stores = makeStores(COUNT);
  let provider: StoreEntityProvider | undefined;

  // Registers a provider instance the script holds, with a task runner that
  // never runs on its own: the script calls refresh() and times it.
  const benchModule = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'stores-bench',
    register(reg) {
      reg.registerInit({
        deps: {
          catalog: catalogProcessingExtensionPoint,
          logger: coreServices.logger,
        },
        async init({ catalog, logger }) {
          provider = StoreEntityProvider.create({
            id: 'default',
            stores: fakeStoresService(stores),
            logger,
            taskRunner: { run: async () => {} },
            discovery: {
              getExternalBaseUrl: async id => `http://localhost:7007/api/${id}`,
            },
            pageSize: PAGE_SIZE,
          });
          catalog.addEntityProvider(provider);
        },
      });
    },
  });

  const backend = await startTestBackend({
    features: [
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://localhost:7007',
            database: {
              client: 'better-sqlite3',
              connection: { directory: databaseDir },
            },
          },
          catalog: { rules: [{ allow: ['Resource'] }] },
        },
      }),
      mockServices.rootLogger.factory({ level: 'warn' }),
      schedulerServiceFactory,
      import('@backstage/plugin-catalog-backend'),
      benchModule,
    ],
  });
  const address = backend.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  async function countEntities(): Promise<number> {
    const res = await fetch(
      `http://localhost:${port}/api/catalog/entities/by-query?filter=kind=resource,spec.type=woocommerce-store&limit=1`,
      { headers: { Authorization: mockCredentials.user.header() } },
    );
    if (!res.ok) throw new Error(`catalog query: ${res.status}`);
    const body = (await res.json()) as { totalItems: number };
    return body.totalItems;
  }

  try {
    if (!provider) throw new Error('provider was not registered');

    const t0 = performance.now();
    let built = 0;
    const listing = fakeStoresService(stores);
    for (let cursor: string | undefined, first = true; first || cursor; ) {
      first = false;
      const page = await listing.listStores({ limit: PAGE_SIZE, cursor });
      built += page.items.length;
      cursor = page.nextCursor;
    }
    const listOnlyMs = performance.now() - t0;

    const start = performance.now();
    const { count } = await provider.refresh();
    const appliedMs = performance.now() - start;
    let readable = 0;
    let lastReport = performance.now();
    while (readable < count) {
      await new Promise(r => setTimeout(r, 250));
      readable = await countEntities();
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        console.log(
          `  ... ${readable}/${count} readable after ${Math.round(
            lastReport - start,
          )} ms`,
        );
      }
    }
    const readableMs = performance.now() - start;

    console.log(
      `stores: ${count} (listed ${built} in ${Math.round(
        listOnlyMs,
      )} ms without building)`,
    );
    console.log(
      `full mutation, list+build+applyMutation resolved: ${Math.round(
        appliedMs,
      )} ms`,
    );
    console.log(
      `full mutation, until all ${count} entities readable from the catalog API: ${Math.round(
        readableMs,
      )} ms`,
    );

    // A second full mutation with nothing changed (the steady state of the schedule).
    const again = performance.now();
    await provider.refresh();
    console.log(
      `second full mutation, nothing changed: ${Math.round(
        performance.now() - again,
      )} ms`,
    );
  } finally {
    // The catalog's loops can keep stop() waiting; the figures are printed.
    await Promise.race([
      backend.stop(),
      new Promise(r => setTimeout(r, 10_000).unref()),
    ]);
    fs.rmSync(databaseDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);

/**
 * Benchmark, not a test: prints the time to first render of one page of the
 * stores page when the backend holds 1,000 stores. Run it with
 * `plugins/stores/scripts/bench-render`; `yarn test` does not pick it up
 * (the file name does not end in .test.tsx). Nothing here asserts a time.
 */
/* Lint sees this dev-only script as source: it uses test-only packages, and
   it asserts no time on purpose. */
/* eslint-disable @backstage/no-undeclared-imports, jest/expect-expect */
import { screen, waitFor, cleanup } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { storesApiRef } from '../api';
import { StoresPageContent } from '../components/StoresPage';
import {
  makeStore,
  makeStoreEntity,
  mockStoresApi,
} from '../testUtils/fixtures';
import { STORE_PHASES } from '@internal/plugin-stores-common';

const TOTAL = 1000;
const stores = Array.from({ length: TOTAL }, (_, i) =>
  makeStore({
    name: `bench-${String(i).padStart(4, '0')}`,
    phase: STORE_PHASES[i % STORE_PHASES.length],
  }),
);
const entities = new Map(
  stores.map(s => [`resource:default/${s.name}`, makeStoreEntity(s)]),
);

async function timeFirstRender(pageSize: number): Promise<number> {
  const api = mockStoresApi();
  api.listStores.mockImplementation(async (query = {}) => {
    const offset = Number(query.cursor ?? 0);
    const limit = Number(query.limit ?? 50);
    return {
      items: stores.slice(offset, offset + limit),
      totalCount: TOTAL,
      nextCursor: offset + limit < TOTAL ? String(offset + limit) : undefined,
    };
  });
  const catalogApi = {
    getEntitiesByRefs: async ({ entityRefs }: { entityRefs: string[] }) => ({
      items: entityRefs.map(ref => entities.get(ref)),
    }),
  };
  const start = performance.now();
  renderInTestApp(<StoresPageContent pageSize={pageSize} />, {
    apis: [
      [storesApiRef, api],
      [catalogApiRef, catalogApi],
      mockApis.permission(),
      mockApis.identity({ ownershipEntityRefs: ['user:default/bench'] }),
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  await waitFor(
    () => expect(screen.getAllByTestId('store-card')).toHaveLength(pageSize),
    { timeout: 120_000, interval: 5 },
  );
  const elapsed = performance.now() - start;
  cleanup();
  return elapsed;
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('stores page render benchmark (prints, does not assert times)', () => {
  it(`first render of a page with ${TOTAL} stores in the backend`, async () => {
    const lines: string[] = [];
    await timeFirstRender(12); // warm-up: module loading, JIT
    for (const [pageSize, runs] of [
      [12, 5],
      [48, 3],
      [TOTAL, 1],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        times.push(await timeFirstRender(pageSize));
      }
      lines.push(
        `bench-render: ${TOTAL} stores, page of ${pageSize}: first render ${median(
          times,
        ).toFixed(0)} ms (median of ${runs}; jsdom)`,
      );
    }
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }, 600_000);
});

import type { Store } from '@internal/plugin-stores-common';

/** A store as the stores API returns it, for tests. */
export function makeStore(overrides: Partial<Store> = {}): Store {
  const name = overrides.name ?? 'shop-one';
  return {
    id: `id-${name}`,
    name,
    displayName: 'Shop One',
    description: 'Sells things',
    engine: 'woocommerce',
    plan: 'small',
    owner: 'group:default/team-a',
    createdBy: 'user:default/alice',
    namespace: `store-${name}`,
    phase: 'ready',
    conditions: [
      {
        type: 'DatabaseReady',
        status: 'True',
        reason: 'Ready',
        message: 'MariaDB is ready',
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ],
    urls: {
      storefront: `http://${name}.stores.localhost`,
      admin: `http://${name}.stores.localhost/wp-admin`,
    },
    options: { sampleData: true },
    generation: 1,
    observedGeneration: 1,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

import type { Store } from '@internal/plugin-stores-common';

/** The store the engine's unit tests render (pending, small plan, no options). */
export const CORNER_SHOP: Store = {
  id: '6f1c7d1e-2a0b-4c5d-9e8f-0a1b2c3d4e5f',
  name: 'corner-shop',
  displayName: 'Corner Shop',
  engine: 'woocommerce',
  plan: 'small',
  owner: 'group:default/team-a',
  createdBy: 'user:default/alice',
  namespace: 'store-corner-shop',
  phase: 'pending',
  conditions: [],
  urls: {},
  options: {},
  generation: 1,
  observedGeneration: 0,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
};

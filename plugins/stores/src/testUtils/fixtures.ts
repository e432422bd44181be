import type { Entity } from '@backstage/catalog-model';
import {
  STORE_ENTITY_TYPE,
  STORE_ID_ANNOTATION,
  Store,
  StoreCondition,
  StorePhase,
} from '@internal/plugin-stores-common';
import type { StoresApi } from '../api';

const CONDITION_TYPES = [
  'NamespaceReady',
  'DatabaseReady',
  'WordPressReady',
  'BootstrapComplete',
];

/** Conditions as a store in `phase` would have them. */
export function conditionsFor(phase: StorePhase): StoreCondition[] {
  const trueCount = {
    pending: 0,
    provisioning: 2,
    ready: 4,
    degraded: 2,
    failed: 3,
    deleting: 4,
  }[phase];
  return CONDITION_TYPES.map((type, index) => {
    let status: StoreCondition['status'] = 'Unknown';
    if (index < trueCount) status = 'True';
    else if (
      (phase === 'failed' && index === trueCount) ||
      (phase === 'degraded' && index >= trueCount)
    )
      status = 'False';
    return {
      type,
      status,
      reason: status === 'False' ? 'JobFailed' : 'Progressing',
      message: status === 'False' ? 'bootstrap job failed' : '',
      lastTransitionTime: '2026-11-20T10:00:00Z',
    };
  });
}

export function makeStore(overrides: Partial<Store> = {}): Store {
  const name = overrides.name ?? 'shop-one';
  const phase = overrides.phase ?? 'ready';
  return {
    id: `id-${name}`,
    name,
    displayName: `Display ${name}`,
    engine: 'woocommerce',
    plan: 'small',
    owner: 'group:default/team-a',
    createdBy: 'user:default/guest',
    namespace: `store-${name}`,
    phase,
    conditions: conditionsFor(phase),
    urls: {
      storefront: `http://${name}.stores.local/`,
      admin: `http://${name}.stores.local/wp-admin/`,
    },
    failureReason: {
      failed: 'Job bootstrap failed: wp-cli exited 1',
      degraded: 'Progressing: Deployment wordpress: 0/1 replicas ready',
    }[phase as 'failed' | 'degraded'],
    options: {},
    generation: 1,
    observedGeneration: 1,
    createdAt: new Date(Date.now() - 3 * 3600 * 1000).toISOString(),
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** The catalog entity the catalog module makes for `store`. */
export function makeStoreEntity(
  store: Store,
  overrides: { owner?: string; title?: string } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: store.name,
      namespace: 'default',
      title: overrides.title ?? `Entity ${store.name}`,
      annotations: { [STORE_ID_ANNOTATION]: store.id },
    },
    spec: {
      type: STORE_ENTITY_TYPE,
      owner: overrides.owner ?? store.owner,
    },
  };
}

export function mockStoresApi(): jest.Mocked<StoresApi> {
  return {
    listStores: jest.fn(),
    getStore: jest.fn(),
    deleteStore: jest.fn(),
    retryStore: jest.fn(),
    listStoreEvents: jest.fn(),
    dryRunCreateStore: jest.fn(),
  };
}

import type { Entity } from '@backstage/catalog-model';
import {
  STORE_ID_ANNOTATION,
  Store,
  StoreCondition,
  StorePhase,
} from '@internal/plugin-stores-common';
import type { StoresApi } from '../api';

/** Four of each engine's stages, in order. */
const CONDITION_TYPES: Record<string, string[]> = {
  woocommerce: [
    'NamespaceReady',
    'DatabaseReady',
    'WordPressReady',
    'BootstrapComplete',
  ],
  medusa: [
    'NamespaceReady',
    'DatabaseReady',
    'MedusaReady',
    'BootstrapComplete',
  ],
};

/** Conditions as a store of `engine` in `phase` would have them. */
export function conditionsFor(
  phase: StorePhase,
  engine = 'woocommerce',
): StoreCondition[] {
  const trueCount = {
    pending: 0,
    provisioning: 2,
    ready: 4,
    degraded: 2,
    suspended: 4,
    failed: 3,
    deleting: 4,
  }[phase];
  const types = CONDITION_TYPES[engine] ?? CONDITION_TYPES.woocommerce;
  return types.map((type, index) => {
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

/** A store's admin path under its URL, per engine, as the engines build it. */
const ADMIN_PATHS: Record<string, string> = {
  woocommerce: 'wp-admin/',
  medusa: 'app/',
};

export function makeStore(overrides: Partial<Store> = {}): Store {
  const name = overrides.name ?? 'shop-one';
  const phase = overrides.phase ?? 'ready';
  const engine = overrides.engine ?? 'woocommerce';
  return {
    id: `id-${name}`,
    name,
    displayName: `Display ${name}`,
    engine,
    plan: 'small',
    owner: 'group:default/team-a',
    createdBy: 'user:default/guest',
    namespace: `store-${name}`,
    phase,
    conditions: conditionsFor(phase, engine),
    urls: {
      storefront: `http://${name}.stores.local/`,
      admin: `http://${name}.stores.local/${ADMIN_PATHS[engine] ?? 'admin/'}`,
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

/** The catalog entity the catalog module makes for `store` (type `<engine>-store`). */
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
      type: `${store.engine}-store`,
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
    suspendStore: jest.fn(),
    resumeStore: jest.fn(),
    countStoresByPhase: jest.fn(),
    getQuotaUsage: jest.fn(),
    updateStore: jest.fn(),
    getStoreCredentials: jest.fn(),
    rotateStoreCredentials: jest.fn(),
    listStoreEvents: jest.fn(),
    listStoreBackups: jest.fn(),
    startStoreBackup: jest.fn(),
    dryRunCreateStore: jest.fn(),
  };
}

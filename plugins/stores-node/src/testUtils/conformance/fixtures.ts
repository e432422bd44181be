import type { Store } from '@internal/plugin-stores-common';
import type {
  EngineRenderContext,
  EngineSettings,
  StoreEngine,
  StorePlan,
} from '../../engine';

/** The store every conformance test renders. */
export function conformanceStore(engine: StoreEngine): Store {
  return {
    id: '0c0f4a52-7d0e-4b1a-9a43-6c2f0e7b9d15',
    name: 'conformance-shop',
    displayName: 'Conformance Shop',
    engine: engine.id,
    plan: 'small',
    owner: 'group:default/conformance-team',
    createdBy: 'user:default/conformance',
    namespace: 'store-conformance-shop',
    phase: 'pending',
    conditions: [],
    urls: {},
    options: { sampleData: true },
    generation: 1,
    observedGeneration: 0,
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
  };
}

/** Settings as a portal would configure them, with any the test gives. */
export function conformanceSettings(
  overrides: Partial<EngineSettings> = {},
): EngineSettings {
  return {
    baseDomain: 'stores.example.com',
    scheme: 'https',
    ingressClassName: 'nginx',
    tlsSecretName: 'stores-tls',
    images: {},
    ...overrides,
  };
}

/** A render context of the conformance store on one plan. */
export function conformanceContext(
  engine: StoreEngine,
  plan: StorePlan,
  options: { namespace?: string; settings?: Partial<EngineSettings> } = {},
): EngineRenderContext {
  const store = conformanceStore(engine);
  const namespace = options.namespace ?? store.namespace;
  return {
    store: { ...store, plan: plan.name, namespace },
    namespace,
    plan,
    settings: conformanceSettings(options.settings),
  };
}

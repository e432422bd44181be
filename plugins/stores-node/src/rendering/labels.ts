import {
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  STORE_ID_LABEL,
  STORE_OWNER_ANNOTATION,
  STORE_SLUG_LABEL,
  type RenderedObject,
  type Store,
} from '@internal/plugin-stores-common';
import type { EngineRenderContext } from '../engine';

/** The `app.kubernetes.io/name` and `component` of one part of a store. */
export interface StoreApp {
  name: string;
  component: string;
}

/**
 * The labels that select an app's pods: its name and component, no store
 * data (selectors are immutable).
 */
export function appSelector(app: StoreApp): Record<string, string> {
  return {
    'app.kubernetes.io/name': app.name,
    'app.kubernetes.io/component': app.component,
  };
}

/**
 * The app labels of the parts every store has before its workloads (see
 * FoundationApps), all named after the engine's store kind, e.g.
 * `woocommerce-store`.
 */
export function foundationApps(storeKind: string) {
  return {
    namespace: { name: storeKind, component: 'namespace' },
    policy: { name: storeKind, component: 'policy' },
    credentials: { name: storeKind, component: 'credentials' },
  };
}

/**
 * Labels on every object of a store: managed-by, store id and slug (which
 * the reconciler's ownership checks and the Kubernetes plugin read), and the
 * part's app labels.
 */
export function storeLabels(
  store: Store,
  app: StoreApp,
): Record<string, string> {
  return {
    [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
    [STORE_ID_LABEL]: store.id,
    [STORE_SLUG_LABEL]: store.name,
    ...appSelector(app),
    'app.kubernetes.io/part-of': store.name,
  };
}

/** Annotations on every object of a store: the owning entity ref. */
export function storeAnnotations(store: Store): Record<string, string> {
  return { [STORE_OWNER_ANNOTATION]: store.owner };
}

/** Metadata for a namespaced object of the store. */
export function storeObjectMeta(
  ctx: EngineRenderContext,
  name: string,
  app: StoreApp,
): RenderedObject['metadata'] {
  return {
    name,
    namespace: ctx.namespace,
    labels: storeLabels(ctx.store, app),
    annotations: storeAnnotations(ctx.store),
  };
}

/**
 * The engine's Secret as a stage object: metadata only. The reconciler
 * creates it once with random values (see GeneratedSecretSpec) and never
 * applies it, so no value is ever rendered.
 */
export function renderSecretPlaceholder(
  ctx: EngineRenderContext,
  name: string,
  app: StoreApp,
): RenderedObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: storeObjectMeta(ctx, name, app),
    type: 'Opaque',
  };
}

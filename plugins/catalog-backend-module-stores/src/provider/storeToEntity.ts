import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  DEFAULT_NAMESPACE,
  type Entity,
} from '@backstage/catalog-model';
import {
  STORE_ENTITY_TYPE,
  STORE_ID_ANNOTATION,
  STORE_ID_LABEL,
  STORE_LINK_ICONS,
  type Store,
} from '@internal/plugin-stores-common';

/** Annotations read by the stock Kubernetes plugin to find a store's objects. */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';

/** Entity labels that let catalog filters pick stores by engine and plan. */
export const STORE_ENGINE_ENTITY_LABEL = 'stores.backstage.io/engine';
export const STORE_PLAN_ENTITY_LABEL = 'stores.backstage.io/plan';

/**
 * The only annotations a store entity carries. Anything else (a secret, an
 * internal field) would have to be added here on purpose; a unit test checks
 * the entity against this list.
 */
export const STORE_ENTITY_ANNOTATIONS: readonly string[] = [
  STORE_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
];

export interface StoreToEntityOptions {
  /**
   * Location ref recorded in the managed-by annotations, e.g.
   * `stores:http://localhost:7007/api/stores`. The store's id is appended.
   */
  locationPrefix: string;
  /** `spec.system` of every store entity, when configured. */
  system?: string;
}

/**
 * Turns a store as the stores API returns it into its `Resource` entity.
 *
 * Only public, slowly changing fields are copied: the phase and conditions
 * stay out so that every status change does not rewrite the entity (the
 * store's page reads them live from the stores API), and no credential ever
 * reaches the API's store shape in the first place.
 */
export function storeToEntity(
  store: Store,
  options: StoreToEntityOptions,
): Entity {
  const location = `${options.locationPrefix}/stores/${store.id}`;
  const links = [
    store.urls.storefront && {
      url: store.urls.storefront,
      title: 'Storefront',
      icon: STORE_LINK_ICONS.storefront,
      type: 'storefront',
    },
    store.urls.admin && {
      url: store.urls.admin,
      title: 'Store admin',
      icon: STORE_LINK_ICONS.admin,
      type: 'admin',
    },
  ].filter((link): link is Exclude<typeof link, undefined | ''> => !!link);

  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: store.name,
      namespace: DEFAULT_NAMESPACE,
      title: store.displayName,
      ...(store.description ? { description: store.description } : {}),
      tags: uniqueTags(['store', store.engine, store.plan]),
      labels: {
        [STORE_ENGINE_ENTITY_LABEL]: toLabelValue(store.engine),
        [STORE_PLAN_ENTITY_LABEL]: toLabelValue(store.plan),
      },
      annotations: {
        [STORE_ID_ANNOTATION]: store.id,
        [KUBERNETES_NAMESPACE_ANNOTATION]: store.namespace,
        [KUBERNETES_LABEL_SELECTOR_ANNOTATION]: `${STORE_ID_LABEL}=${store.id}`,
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      },
      ...(links.length ? { links } : {}),
    },
    spec: {
      type: storeEntityType(store.engine),
      owner: store.owner,
      ...(options.system ? { system: options.system } : {}),
    },
  };
}

/** `woocommerce-store` for the engine that ships, `<engine>-store` for others. */
export function storeEntityType(engine: string): string {
  return engine === 'woocommerce'
    ? STORE_ENTITY_TYPE
    : `${toTag(engine)}-store`;
}

/** Catalog tags are `[a-z0-9:+#]` words joined by dashes, at most 63 long. */
function toTag(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9:+#]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

function uniqueTags(values: string[]): string[] {
  return [...new Set(values.map(toTag).filter(Boolean))];
}

/** Kubernetes-style label values: `[A-Za-z0-9._-]`, at most 63 long. */
function toLabelValue(value: string): string {
  return value
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/, '');
}

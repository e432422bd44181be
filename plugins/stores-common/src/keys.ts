/** Well-known annotation and label keys shared by every stores package. */

/** Catalog annotation on a store's entity: the store's id in the stores backend. */
export const STORE_ID_ANNOTATION = 'stores.backstage.io/store-id';

/** Label on every Kubernetes object the reconciler manages: the store's id. */
export const STORE_ID_LABEL = 'stores.backstage.io/store-id';

/** Label on every Kubernetes object the reconciler manages: the store's slug. */
export const STORE_SLUG_LABEL = 'stores.backstage.io/slug';

/** Annotation on every Kubernetes object of a store: the owning entity ref. */
export const STORE_OWNER_ANNOTATION = 'stores.backstage.io/owner';

/**
 * Label on every Kubernetes object the reconciler manages: the portal
 * instance that owns it (`stores.instanceId`), so that two portals sharing
 * a cluster never touch each other's objects.
 */
export const STORE_INSTANCE_LABEL = 'stores.backstage.io/instance';

/** Standard `app.kubernetes.io/managed-by` label and our value for it. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'backstage-stores';

/** Field manager used for every server-side apply. */
export const FIELD_MANAGER = 'backstage-stores';

/** Catalog `spec.type` of a store's Resource entity (of the WooCommerce engine). */
export const STORE_ENTITY_TYPE = 'woocommerce-store';

/**
 * Catalog `spec.type` of the stores of each engine module the portal ships:
 * `<engine>-store` (the catalog module's storeEntityType). The frontend shows
 * its store card and events tab on entities of these types.
 */
export const STORE_ENTITY_TYPES: readonly string[] = [
  STORE_ENTITY_TYPE,
  'medusa-store',
];

/** Signal channel carrying {@link StoreChangedSignal} messages. */
export const STORE_SIGNAL_CHANNEL = 'stores:changed';

/** Events service topic carrying {@link StoreChangedSignal} payloads between backend plugins. */
export const STORE_EVENTS_TOPIC = 'stores.changed';

/**
 * App icon ids of a store's links (entity `metadata.links[].icon`, template
 * output links). Backstage's default icons have none for a shop or its
 * admin; `@internal/plugin-stores/alpha` exports `storeLinkIcons` for the
 * app's icon bundle.
 */
export const STORE_LINK_ICONS = {
  storefront: 'storefront',
  admin: 'storeAdmin',
} as const;

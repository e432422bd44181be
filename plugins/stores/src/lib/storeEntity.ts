import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  STORE_ENTITY_TYPES,
  STORE_ID_ANNOTATION,
  Store,
} from '@internal/plugin-stores-common';

/** The template that creates stores, as the Create flow addresses it. */
export const STORE_TEMPLATE = {
  namespace: 'default',
  name: 'woocommerce-store',
};

/** True for the catalog entity of a store (kind Resource, type `<engine>-store`). */
export function isStoreEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    STORE_ENTITY_TYPES.includes(String(entity.spec?.type))
  );
}

/** The store id an entity carries, if any. */
export function getStoreId(entity: Entity): string | undefined {
  return entity.metadata.annotations?.[STORE_ID_ANNOTATION];
}

/** Whether `entity` is the catalog entity of `store`. */
export function isEntityOfStore(
  entity: Entity | undefined,
  store: Pick<Store, 'id'>,
): entity is Entity {
  return !!entity && getStoreId(entity) === store.id;
}

/** The owner ref to show: the catalog's when known, else the store record's. */
export function ownerRefOf(store: Pick<Store, 'owner'>, entity?: Entity) {
  const owner = entity?.spec?.owner;
  if (typeof owner === 'string' && owner) {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  }
  return store.owner;
}

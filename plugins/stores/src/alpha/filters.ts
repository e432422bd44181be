import { STORE_ENTITY_TYPES } from '@internal/plugin-stores-common';

/** Entity filter of the store card and tab: Resources of a store type (one per engine). */
export const storeEntityFilter = {
  kind: 'resource',
  'spec.type': { $in: [...STORE_ENTITY_TYPES] },
};

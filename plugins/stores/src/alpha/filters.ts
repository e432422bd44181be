import { STORE_ENTITY_TYPE } from '@internal/plugin-stores-common';

/** Entity filter of the store card and tab: Resources of the store type. */
export const storeEntityFilter = {
  kind: 'resource',
  'spec.type': STORE_ENTITY_TYPE,
};

import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { storeEntityFilter } from './filters';

/** The events tab of a store's entity page. */
export const entityStoreEventsContent = EntityContentBlueprint.make({
  name: 'events',
  params: {
    path: '/store-events',
    title: 'Store events',
    filter: storeEntityFilter,
    loader: () =>
      import('../components/StoreEventsContent').then(m => (
        <m.StoreEventsContent />
      )),
  },
});

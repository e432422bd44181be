import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { storeEntityFilter } from './filters';

/** The store status card on the overview of a store's entity page. */
export const entityStoreStatusCard = EntityCardBlueprint.make({
  name: 'status',
  params: {
    filter: storeEntityFilter,
    loader: () =>
      import('../components/EntityStoreStatusCard').then(m => (
        <m.EntityStoreStatusCard />
      )),
  },
});

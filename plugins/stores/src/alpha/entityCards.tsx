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

/** The store's backups, with "Back up now", on the overview of its entity page. */
export const entityStoreBackupsCard = EntityCardBlueprint.make({
  name: 'backups',
  params: {
    filter: storeEntityFilter,
    loader: () =>
      import('../components/StoreBackupsCard').then(m => (
        <m.EntityStoreBackupsCard />
      )),
  },
});

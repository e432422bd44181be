/**
 * Frontend of the stores plugin: the stores page, the status and backups
 * cards and the events tab of a store's entity page, and the StoresApi they share.
 *
 * @packageDocumentation
 */
export {
  storesPlugin,
  StoresPage,
  EntityStoreStatusCard,
  EntityStoreBackupsCard,
  EntityStoreEventsContent,
} from './plugin';
export { storesApiRef, StoresClient } from './api';
export type { StoresApi, ListStoreEventsQuery } from './api';
export { isStoreEntity } from './lib/storeEntity';
export { rootRouteRef as storesRouteRef } from './routes';

export { storesApiRef } from './StoresApi';
export type { StoresApi, ListStoreEventsQuery } from './StoresApi';
export { StoresClient } from './StoresClient';

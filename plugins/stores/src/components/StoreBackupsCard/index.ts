export { EntityStoreBackupsCard } from './StoreBackupsCard';
export type { EntityStoreBackupsCardProps } from './StoreBackupsCard';

export { EntityStoreStatusCard } from './EntityStoreStatusCard';

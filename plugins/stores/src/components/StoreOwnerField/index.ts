export { StoreOwnerField, ownerLabel } from './StoreOwnerField';

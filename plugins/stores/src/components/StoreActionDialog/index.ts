export { StoreActionDialog } from './StoreActionDialog';
export type { StoreActionDialogProps } from './StoreActionDialog';

export { DeleteStoreDialog } from './DeleteStoreDialog';
export type { DeleteStoreDialogProps } from './DeleteStoreDialog';

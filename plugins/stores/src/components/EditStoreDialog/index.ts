export { EditStoreButton, EditStoreDialog } from './EditStoreDialog';
export type { EditStoreDialogProps } from './EditStoreDialog';

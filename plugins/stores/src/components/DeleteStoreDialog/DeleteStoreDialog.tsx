import DialogContentText from '@material-ui/core/DialogContentText';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import type { Store } from '@internal/plugin-stores-common';
import { StoreActionDialog } from '../StoreActionDialog';

export interface DeleteStoreDialogProps {
  store: Pick<Store, 'name' | 'displayName' | 'namespace'>;
  open: boolean;
  /** True while the delete request runs. */
  busy?: boolean;
  onCancel(): void;
  onConfirm(): void;
}

/**
 * Asks the person to type the store's name before deleting it: deletion
 * removes the store's namespace with its database, and cannot be undone.
 */
export const DeleteStoreDialog = ({
  store,
  open,
  busy,
  onCancel,
  onConfirm,
}: DeleteStoreDialogProps) => {
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === store.name;

  const close = () => {
    setTyped('');
    onCancel();
  };

  return (
    <StoreActionDialog
      open={open}
      onClose={close}
      titleId="delete-store-title"
      title={<>Delete {store.displayName}?</>}
      confirm={{
        label: 'Delete store',
        busyLabel: 'Deleting…',
        color: 'secondary',
        disabled: !matches,
        busy,
        onClick: onConfirm,
      }}
    >
      <DialogContentText>
        This removes the store and everything it has in the cluster (namespace{' '}
        <code>{store.namespace}</code>, its database and uploads). It cannot be
        undone.
      </DialogContentText>
      <DialogContentText>
        Type <strong>{store.name}</strong> to confirm.
      </DialogContentText>
      <TextField
        fullWidth
        variant="outlined"
        label="Store name"
        value={typed}
        onChange={e => setTyped(e.target.value)}
        inputProps={{
          'aria-label': 'Store name to confirm',
          spellCheck: false,
        }}
      />
    </StoreActionDialog>
  );
};

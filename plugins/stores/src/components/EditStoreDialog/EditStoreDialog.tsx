import Button from '@material-ui/core/Button';
import DialogContentText from '@material-ui/core/DialogContentText';
import TextField from '@material-ui/core/TextField';
import EditIcon from '@material-ui/icons/Edit';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  storeUpdatePermission,
  type Store,
  type UpdateStoreRequest,
} from '@internal/plugin-stores-common';
import { storesApiRef } from '../../api';
import { StoreActionDialog } from '../StoreActionDialog';

/**
 * The plans offered in the dialog: the portal's built-in ones (stores.plans'
 * default). The backend checks the choice against its configuration (an
 * unknown plan, or one whose volumes are smaller, is refused with a message
 * shown in the dialog); the store's own plan is always offered.
 */
export const EDITABLE_PLANS = ['small', 'medium'];

export interface EditStoreDialogProps {
  store: Store;
  open: boolean;
  onClose(): void;
  /** Called with the store as the backend answered the change. */
  onSaved(store: Store): void;
  plans?: string[];
}

/**
 * Edits a store's display name, description and plan. Only what changed is
 * sent; the backend's refusal (a plan that would shrink the volumes, a
 * storage class that cannot grow them, a store being deleted) is shown in
 * the dialog, which stays open.
 */
export const EditStoreDialog = ({
  store,
  open,
  onClose,
  onSaved,
  plans = EDITABLE_PLANS,
}: EditStoreDialogProps) => {
  const storesApi = useApi(storesApiRef);
  const [displayName, setDisplayName] = useState(store.displayName);
  const [description, setDescription] = useState(store.description ?? '');
  const [plan, setPlan] = useState(store.plan);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const change: UpdateStoreRequest = {};
  if (displayName.trim() !== store.displayName) {
    change.displayName = displayName.trim();
  }
  if (description !== (store.description ?? '')) {
    change.description = description;
  }
  if (plan !== store.plan) {
    change.plan = plan;
  }
  const nameMissing = displayName.trim() === '';
  const unchanged = Object.keys(change).length === 0;
  const options = plans.includes(store.plan) ? plans : [store.plan, ...plans];

  const close = () => {
    setDisplayName(store.displayName);
    setDescription(store.description ?? '');
    setPlan(store.plan);
    setError(undefined);
    onClose();
  };

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await storesApi.updateStore(store.id, change));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <StoreActionDialog
      open={open}
      onClose={close}
      titleId="edit-store-title"
      title={<>Edit store {store.displayName}</>}
      confirm={{
        label: 'Save',
        busyLabel: 'Saving…',
        color: 'primary',
        disabled: unchanged || nameMissing,
        busy,
        onClick: save,
      }}
    >
      <TextField
        fullWidth
        margin="normal"
        variant="outlined"
        label="Display name"
        id="edit-store-display-name"
        value={displayName}
        onChange={e => setDisplayName(e.target.value)}
        error={nameMissing}
        helperText={nameMissing ? 'A store needs a display name' : undefined}
        inputProps={{ maxLength: 100 }}
      />
      <TextField
        fullWidth
        margin="normal"
        variant="outlined"
        label="Description"
        id="edit-store-description"
        multiline
        minRows={2}
        value={description}
        onChange={e => setDescription(e.target.value)}
        inputProps={{ maxLength: 1000 }}
      />
      <TextField
        fullWidth
        select
        margin="normal"
        variant="outlined"
        label="Plan"
        value={plan}
        onChange={e => setPlan(e.target.value)}
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        id="edit-store-plan"
      >
        {options.map(name => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </TextField>
      {plan !== store.plan && (
        <DialogContentText>
          The store's quota, limits and containers change to plan{' '}
          <strong>{plan}</strong> in place; its volumes can grow, never shrink.
        </DialogContentText>
      )}
      {error && (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      )}
    </StoreActionDialog>
  );
};

/** The backend's own words for a refusal, else the error's message. */
function messageOf(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message ?? error.message;
  }
  return (error as Error)?.message ?? String(error);
}

/**
 * "Edit" on a store's card, opening {@link EditStoreDialog}; shown only to
 * users holding `stores.store.update` on the store, and not while the store
 * is being deleted.
 */
export const EditStoreButton = ({
  store,
  onStoreChanged,
}: {
  store: Store;
  onStoreChanged?: (store: Store) => void;
}) => {
  const alertApi = useApi(alertApiRef);
  const permission = usePermission({
    permission: storeUpdatePermission,
    resourceRef: store.id,
  });
  const [open, setOpen] = useState(false);
  if (!permission.allowed || store.phase === 'deleting') {
    return null;
  }
  return (
    <>
      <Button
        size="small"
        startIcon={<EditIcon />}
        aria-label={`Edit store ${store.name}`}
        onClick={() => setOpen(true)}
      >
        Edit
      </Button>
      {open && (
        <EditStoreDialog
          store={store}
          open
          onClose={() => setOpen(false)}
          onSaved={updated => {
            setOpen(false);
            onStoreChanged?.(updated);
            alertApi.post({
              message:
                updated.plan !== store.plan
                  ? `Store ${updated.name} is moving to plan ${updated.plan}`
                  : `Store ${updated.name} saved`,
              severity: 'success',
              display: 'transient',
            });
          }}
        />
      )}
    </>
  );
};

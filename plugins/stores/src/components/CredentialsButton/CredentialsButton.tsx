import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import VisibilityIcon from '@material-ui/icons/Visibility';
import VisibilityOffIcon from '@material-ui/icons/VisibilityOff';
import VpnKeyIcon from '@material-ui/icons/VpnKey';
import Alert from '@material-ui/lab/Alert';
import { Progress } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  storeCredentialsReadPermission,
  storeUpdatePermission,
  type Store,
} from '@internal/plugin-stores-common';
import { useId, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { storesApiRef } from '../../api';
import { CredentialField } from './CredentialField';

type Rotation =
  | { state: 'idle' | 'starting' }
  | { state: 'started'; job: string }
  | { state: 'refused'; message: string };

/**
 * "Rotate password": for users who may also update the store
 * (stores.store.update, as the backend requires), enabled only while the
 * store is ready (the backend's own rule) and until one rotation started.
 */
const RotateButton = ({
  store,
  rotation,
  onRotate,
}: {
  store: Store;
  rotation: Rotation;
  onRotate: () => void;
}) => {
  const { allowed } = usePermission({
    permission: storeUpdatePermission,
    resourceRef: store.id,
  });
  if (!allowed) return null;
  const notReady =
    store.phase === 'ready'
      ? undefined
      : `Only a ready store's password can be rotated; this one is ${store.phase}`;
  const button = (
    <Button
      color="secondary"
      disabled={Boolean(notReady) || rotation.state !== 'idle'}
      onClick={onRotate}
    >
      Rotate password
    </Button>
  );
  // A disabled button fires no events: the tooltip needs a wrapper.
  return notReady ? (
    <Tooltip title={notReady}>
      <span>{button}</span>
    </Tooltip>
  ) : (
    button
  );
};

/** What became of the rotation asked for in this dialog. */
const RotationStatus = ({ rotation }: { rotation: Rotation }) => {
  if (rotation.state === 'starting') return <Progress />;
  if (rotation.state === 'started') {
    return (
      <Alert severity="info">
        Rotation started: Job {rotation.job} sets a new password in the store,
        and the store's events say when it is in place (CredentialsRotated). The
        password above stops working then; open this dialog again to see the new
        one.
      </Alert>
    );
  }
  if (rotation.state === 'refused') {
    return (
      <Alert severity="error">
        Could not rotate the password: {rotation.message}
      </Alert>
    );
  }
  return null;
};

const CredentialsDialog = ({
  store,
  onClose,
}: {
  store: Store;
  onClose: () => void;
}) => {
  const storesApi = useApi(storesApiRef);
  const alertApi = useApi(alertApiRef);
  const titleId = useId();
  const [revealed, setRevealed] = useState(false);
  // Mounted when opened: each opening reads (and audits) once.
  const state = useAsync(
    () => storesApi.getStoreCredentials(store.id),
    [storesApi, store.id],
  );
  const copyField = async (what: string, value: string) => {
    try {
      await window.navigator.clipboard.writeText(value);
      alertApi.post({
        message: `${what} copied to the clipboard`,
        severity: 'info',
        display: 'transient',
      });
    } catch (error) {
      alertApi.post({
        message: `Could not copy the ${what.toLowerCase()}: ${
          (error as Error).message
        }`,
        severity: 'error',
        display: 'transient',
      });
    }
  };
  const [rotation, setRotation] = useState<Rotation>({ state: 'idle' });
  const rotate = async () => {
    setRotation({ state: 'starting' });
    try {
      const started = await storesApi.rotateStoreCredentials(store.id);
      setRotation({ state: 'started', job: started.job });
    } catch (error) {
      setRotation({ state: 'refused', message: (error as Error).message });
    }
  };
  const credentials = state.value;
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth>
      <DialogTitle id={titleId}>Admin credentials of {store.name}</DialogTitle>
      <DialogContent>
        {state.loading && <Progress />}
        {state.error && (
          <Alert severity="error">
            Could not read the credentials: {state.error.message}
          </Alert>
        )}
        {credentials && (
          <>
            <CredentialField
              id={`${titleId}-username`}
              label="User name"
              value={credentials.username}
              onCopy={copyField}
            />
            <CredentialField
              id={`${titleId}-password`}
              label="Password"
              value={credentials.password}
              hidden={!revealed}
              onCopy={copyField}
              actions={
                <Tooltip title={revealed ? 'Hide password' : 'Show password'}>
                  <IconButton
                    aria-label={revealed ? 'Hide password' : 'Show password'}
                    onClick={() => setRevealed(!revealed)}
                  >
                    {revealed ? <VisibilityOffIcon /> : <VisibilityIcon />}
                  </IconButton>
                </Tooltip>
              }
            />
          </>
        )}
        <RotationStatus rotation={rotation} />
      </DialogContent>
      <DialogActions>
        <RotateButton store={store} rotation={rotation} onRotate={rotate} />
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
};

/**
 * "Credentials" on a store's card: a dialog with the store's admin user name
 * and password, fetched when it opens (each fetch is audited by the
 * backend), the password hidden until revealed, both copyable, and a
 * rotation of the password for those who may update the store. Shown only to
 * users with stores.store.credentials.read on the store. Nothing is kept
 * once the dialog closes.
 */
export const CredentialsButton = ({ store }: { store: Store }) => {
  const { allowed } = usePermission({
    permission: storeCredentialsReadPermission,
    resourceRef: store.id,
  });
  const [open, setOpen] = useState(false);
  if (!allowed || store.phase === 'deleting') {
    return null;
  }
  return (
    <>
      <Button
        size="small"
        startIcon={<VpnKeyIcon />}
        onClick={() => setOpen(true)}
      >
        Credentials
      </Button>
      {open && (
        <CredentialsDialog store={store} onClose={() => setOpen(false)} />
      )}
    </>
  );
};

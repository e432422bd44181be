import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import CardHeader from '@material-ui/core/CardHeader';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import DeleteIcon from '@material-ui/icons/Delete';
import LaunchIcon from '@material-ui/icons/Launch';
import ReplayIcon from '@material-ui/icons/Replay';
import SettingsIcon from '@material-ui/icons/Settings';
import { useState } from 'react';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  RECONCILED_CONDITION,
  type Store,
} from '@internal/plugin-stores-common';
import { storesApiRef } from '../../api';
import { engineWording } from '../../lib/engines';
import { formatAge } from '../../lib/formatAge';
import { ownerRefOf } from '../../lib/storeEntity';
import { useStoreAction } from '../../hooks/useStoreAction';
import { useStoreActionPermissions } from '../../hooks/useStoreActionPermissions';
import { ConditionsStepper } from '../ConditionsStepper';
import { CredentialsButton } from '../CredentialsButton';
import { DeleteStoreDialog } from '../DeleteStoreDialog';
import { EditStoreButton } from '../EditStoreDialog';
import { PermissionedButton } from '../PermissionedButton';
import { PhaseChip } from '../PhaseChip';
import { QuotaUsage } from '../QuotaUsage';
import { SuspendResumeButtons } from '../SuspendResumeButtons';

const useStyles = makeStyles(theme => ({
  card: { height: '100%', display: 'flex', flexDirection: 'column' },
  content: { flexGrow: 1, paddingTop: 0 },
  facts: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    color: theme.palette.text.secondary,
  },
  links: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
}));

export interface StatusCardProps {
  store: Store;
  /** The store's catalog entity, when the catalog has it already. */
  entity?: Entity;
  /** Called with the store as the backend returned it after retry or delete. */
  onStoreChanged?: (store: Store) => void;
  /** Hide the link to the entity page (on the entity page itself). */
  hideEntityLink?: boolean;
}

/** The store's own sites, opened in a new tab: they are not portal pages. */
const STORE_LINKS: Array<{
  key: keyof Store['urls'];
  icon: JSX.Element;
}> = [
  { key: 'storefront', icon: <LaunchIcon /> },
  { key: 'admin', icon: <SettingsIcon /> },
];

/**
 * One store at a glance: phase, progress through its conditions, owner, age,
 * links, why it failed, and the actions the user may take.
 */
export const StatusCard = ({
  store,
  entity,
  onStoreChanged,
  hideEntityLink,
}: StatusCardProps) => {
  const classes = useStyles();
  const storesApi = useApi(storesApiRef);
  const permissions = useStoreActionPermissions(store.id);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const { busy, run: runAction } = useStoreAction<'retry' | 'delete'>(store);

  const title = entity?.metadata.title ?? store.displayName ?? store.name;
  const isDeleting = store.phase === 'deleting';
  const failingRequests = store.conditions?.find(
    c => c.type === RECONCILED_CONDITION && c.status === 'False',
  );

  const run = (action: 'retry' | 'delete') =>
    runAction(action, async () => {
      const updated =
        action === 'retry'
          ? await storesApi.retryStore(store.id)
          : await storesApi.deleteStore(store.id);
      setConfirmingDelete(false);
      onStoreChanged?.(updated);
    });

  return (
    <Card
      className={classes.card}
      variant="outlined"
      data-testid="store-card"
      data-store={store.name}
      aria-label={`Store ${store.name}`}
    >
      <CardHeader
        title={title}
        titleTypographyProps={{ variant: 'h6', component: 'h2' }}
        subheader={`${store.name} · ${
          engineWording(store.engine).title
        } · plan ${store.plan}`}
        action={<PhaseChip phase={store.phase} />}
      />
      <CardContent className={classes.content}>
        <ConditionsStepper store={store} />
        <Box className={classes.facts} mb={1}>
          <Typography variant="body2" component="span">
            Owner:{' '}
            <EntityRefLink
              entityRef={ownerRefOf(store, entity)}
              defaultKind="group"
            />
          </Typography>
          <Typography
            variant="body2"
            component="span"
            title={new Date(store.createdAt).toLocaleString()}
          >
            Age: {formatAge(store.createdAt)}
          </Typography>
          <Typography variant="body2" component="span">
            Namespace: {store.namespace}
          </Typography>
        </Box>
        {store.phase === 'failed' && (
          <Alert severity="error" data-testid="store-failure">
            <AlertTitle>Provisioning failed</AlertTitle>
            <span style={{ whiteSpace: 'pre-wrap' }}>
              {store.failureReason ?? 'No reason was recorded.'}
            </span>
          </Alert>
        )}
        {failingRequests && store.phase !== 'failed' && (
          <Alert severity="warning" data-testid="store-requests-failing">
            <AlertTitle>
              Retrying: requests to the cluster keep failing
            </AlertTitle>
            <span style={{ whiteSpace: 'pre-wrap' }}>
              {failingRequests.message}
            </span>
          </Alert>
        )}
        {store.phase === 'degraded' && (
          <Alert severity="warning" data-testid="store-degraded">
            <AlertTitle>
              Degraded: it was ready, something no longer holds
            </AlertTitle>
            <span style={{ whiteSpace: 'pre-wrap' }}>
              {store.failureReason ?? 'See the conditions.'}
            </span>
          </Alert>
        )}
        <QuotaUsage storeId={store.id} />
        <Box className={classes.links} mt={1}>
          {STORE_LINKS.map(
            ({ key, icon }) =>
              store.urls[key] && (
                <Button
                  key={key}
                  size="small"
                  href={store.urls[key]}
                  target="_blank"
                  rel="noopener noreferrer"
                  startIcon={icon}
                >
                  {engineWording(store.engine)[key]}
                </Button>
              ),
          )}
          {!hideEntityLink && entity && (
            <Box display="inline-flex" alignItems="center" px={1}>
              <EntityRefLink
                entityRef={stringifyEntityRef(entity)}
                title="Catalog entity"
              />
            </Box>
          )}
        </Box>
      </CardContent>
      <CardActions>
        <EditStoreButton store={store} onStoreChanged={onStoreChanged} />
        <CredentialsButton store={store} />
        {store.phase === 'failed' && (
          <PermissionedButton
            size="small"
            color="primary"
            startIcon={<ReplayIcon />}
            disabled={busy !== undefined || permissions.loading}
            disabledReason={
              !permissions.loading && !permissions.canRetry
                ? 'You are not allowed to retry this store'
                : undefined
            }
            onClick={() => run('retry')}
          >
            {busy === 'retry' ? 'Retrying…' : 'Retry'}
          </PermissionedButton>
        )}
        <SuspendResumeButtons store={store} onStoreChanged={onStoreChanged} />
        <PermissionedButton
          size="small"
          color="secondary"
          startIcon={<DeleteIcon />}
          disabled={busy !== undefined || permissions.loading || isDeleting}
          disabledReason={deleteDisabledReason(store, permissions)}
          onClick={() => setConfirmingDelete(true)}
        >
          Delete
        </PermissionedButton>
      </CardActions>
      <DeleteStoreDialog
        store={store}
        open={confirmingDelete}
        busy={busy === 'delete'}
        onCancel={() => setConfirmingDelete(false)}
        onConfirm={() => run('delete')}
      />
    </Card>
  );
};

function deleteDisabledReason(
  store: Store,
  permissions: { canDelete: boolean; loading: boolean },
): string | undefined {
  if (!permissions.loading && !permissions.canDelete) {
    return 'You are not allowed to delete this store';
  }
  if (store.phase === 'deleting') {
    return 'The store is being deleted';
  }
  return undefined;
}

import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import CircularProgress from '@material-ui/core/CircularProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import BackupIcon from '@material-ui/icons/Backup';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Progress } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  storeBackupPermission,
  type Store,
  type StoreBackup,
  type StoreBackupList,
} from '@internal/plugin-stores-common';
import { useEntityStore } from '../../hooks/useEntityStore';
import { useStore } from '../../hooks/useStore';
import {
  useStoreBackups,
  type UseStoreBackupsOptions,
} from '../../hooks/useStoreBackups';
import { formatAge } from '../../lib/formatAge';
import { PermissionedButton } from '../PermissionedButton';

const STATE_STYLES: Record<
  StoreBackup['state'],
  { label: string; color: string }
> = {
  running: { label: 'Running', color: '#1565c0' },
  succeeded: { label: 'Succeeded', color: '#2e7d32' },
  failed: { label: 'Failed', color: '#c62828' },
};

const TARGETS: Record<StoreBackupList['target'], string> = {
  pvc: "a volume in the store's namespace",
  s3: 'an S3-compatible bucket',
};

/** Phases in which the backend takes a backup (its database runs). */
const BACKUP_PHASES: Store['phase'][] = ['ready', 'degraded'];

/** The HTTP status of a refusal, by shape (ResponseError or a named error). */
function statusOf(error: Error): number | undefined {
  const e = error as Error & { response?: { status?: number } };
  return e.response?.status ?? (e.name === 'ConflictError' ? 409 : undefined);
}

/** `1.2 MiB` from a byte count. */
function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

const BackupState = ({ backup }: { backup: StoreBackup }) => {
  const style = STATE_STYLES[backup.state] ?? {
    label: backup.state,
    color: '#757575',
  };
  return (
    <Chip
      size="small"
      label={style.label}
      data-testid="backup-state"
      data-state={backup.state}
      icon={
        backup.state === 'running' ? (
          <CircularProgress size={12} style={{ color: '#fff' }} />
        ) : undefined
      }
      style={{ backgroundColor: style.color, color: '#fff' }}
    />
  );
};

const When = ({ at }: { at?: string }) =>
  at ? (
    <span title={new Date(at).toLocaleString()}>{formatAge(at)} ago</span>
  ) : (
    <>—</>
  );

const BackupsTable = ({ items }: { items: StoreBackup[] }) => (
  <Table size="small" aria-label="Backups">
    <TableHead>
      <TableRow>
        <TableCell>Name</TableCell>
        <TableCell>Started</TableCell>
        <TableCell>State</TableCell>
        <TableCell>Size</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {items.map(backup => (
        <TableRow
          key={backup.name}
          data-testid="backup"
          data-backup={backup.name}
        >
          <TableCell>
            <Typography variant="body2">{backup.name}</Typography>
            <Typography variant="caption" color="textSecondary">
              {backup.trigger === 'manual' ? 'On demand' : 'Scheduled'}
              {backup.finishedAt && (
                <>
                  {' · finished '}
                  <When at={backup.finishedAt} />
                </>
              )}
            </Typography>
            {backup.state === 'failed' && backup.message && (
              <Typography
                variant="caption"
                color="error"
                component="div"
                style={{ whiteSpace: 'pre-wrap' }}
              >
                {backup.message}
              </Typography>
            )}
          </TableCell>
          <TableCell style={{ whiteSpace: 'nowrap' }}>
            <When at={backup.startedAt} />
          </TableCell>
          <TableCell>
            <BackupState backup={backup} />
          </TableCell>
          <TableCell style={{ whiteSpace: 'nowrap' }}>
            {backup.sizeBytes === undefined
              ? '—'
              : formatSize(backup.sizeBytes)}
          </TableCell>
        </TableRow>
      ))}
    </TableBody>
  </Table>
);

/** Why "Back up now" cannot be used, or undefined when it can. */
function disabledReason(options: {
  allowed: boolean;
  store?: Store;
  running: boolean;
}): string | undefined {
  if (!options.allowed) {
    return 'You are not allowed to back up this store';
  }
  if (options.store && !BACKUP_PHASES.includes(options.store.phase)) {
    return `Only a ready or degraded store can be backed up; this one is ${options.store.phase}`;
  }
  if (options.running) {
    return 'A backup of this store is running; wait until it ends';
  }
  return undefined;
}

export interface EntityStoreBackupsCardProps extends UseStoreBackupsOptions {}

/**
 * The backups of the store behind the current catalog entity: name, when,
 * state and size of each (newest first, as the backend lists them from the
 * Jobs in the store's namespace), the schedule, retention and kind of
 * target, and "Back up now" for users holding `stores.store.backup` on the
 * store (disabled with the reason otherwise). Nothing here is secret: the
 * API names the target's kind only, never its address or credentials.
 */
export const EntityStoreBackupsCard = (props: EntityStoreBackupsCardProps) => {
  const { storeId, missingAnnotation } = useEntityStore();
  const { value: store } = useStore(storeId, props);
  const backups = useStoreBackups(storeId, props);
  const permission = usePermission({
    permission: storeBackupPermission,
    resourceRef: storeId,
  });

  if (missingAnnotation) {
    return missingAnnotation;
  }

  const reason = permission.loading
    ? undefined
    : disabledReason({
        allowed: permission.allowed,
        store,
        running: backups.running,
      });
  const backUpNow = (
    <PermissionedButton
      size="small"
      color="primary"
      variant="outlined"
      startIcon={<BackupIcon />}
      disabled={permission.loading || backups.starting || !store}
      disabledReason={reason}
      onClick={backups.start}
    >
      {backups.starting ? 'Starting…' : 'Back up now'}
    </PermissionedButton>
  );

  let body: JSX.Element;
  if (backups.error) {
    // 409: backups are not configured in this portal (not a failure).
    const off = statusOf(backups.error) === 409;
    body = (
      <Alert severity={off ? 'info' : 'error'} data-testid="backups-error">
        {off ? 'No backups: ' : 'Could not list the backups: '}
        {backups.error.message}
      </Alert>
    );
  } else if (!backups.items) {
    body = <Progress />;
  } else if (backups.items.length === 0) {
    body = (
      <Typography variant="body2" color="textSecondary">
        No backups yet: the first scheduled one runs at the next time of the
        schedule, or use Back up now.
      </Typography>
    );
  } else {
    body = <BackupsTable items={backups.items} />;
  }

  return (
    <InfoCard
      title="Backups"
      subheader={
        backups.schedule &&
        `Schedule ${backups.schedule} (UTC) · keeps the last ${
          backups.retention
        } · to ${TARGETS[backups.target!] ?? backups.target}`
      }
      action={<Box pt={1}>{backUpNow}</Box>}
    >
      <div data-testid="store-backups">
        {backups.startError && (
          <Box mb={1}>
            <Alert severity="error" data-testid="backup-start-error">
              Could not start a backup: {backups.startError.message}
            </Alert>
          </Box>
        )}
        {body}
      </div>
    </InfoCard>
  );
};

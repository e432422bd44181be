import {
  type BackupDefinition,
  tmpScratch,
} from '@internal/plugin-stores-node';
import { DATABASE, fromSecret, imageOf, NAMES } from './names';

/** The postgres user of the official alpine images. */
const POSTGRES_UID = 70;

const DUMP_DATABASE = `set -eu
mkdir -p "$WORK"
pg_dump -h "$PGHOST" -U "$PGUSER" -d "$PGDATABASE" --format=custom --no-owner -f "$WORK/database.dump"
printf '%s\\n' "$STORE_URL" > "$WORK/source-url"
echo "[backup] database dumped"
`;

/**
 * A Medusa store's backup: its PostgreSQL database (`pg_dump`, custom
 * format). Medusa keeps no files of its own (uploads go to the database
 * or an external file service). Not restorable into a new store yet: the
 * admin user in the dump keeps the source store's password, and Medusa has
 * no command that changes an existing user's password.
 */
export const BACKUP: BackupDefinition = {
  databasePath: 'database',
  uid: POSTGRES_UID,
  steps: ctx => [
    {
      name: 'dump',
      image: imageOf(ctx, 'postgres'),
      command: ['/bin/sh', '-c', DUMP_DATABASE],
      env: [
        { name: 'PGHOST', value: NAMES.database },
        { name: 'PGDATABASE', value: DATABASE.name },
        { name: 'PGUSER', value: DATABASE.user },
        // Read by pg_dump; never on a command line.
        fromSecret('PGPASSWORD', 'databasePassword'),
      ],
      scratch: [tmpScratch("pg_dump's temporary files")],
      terminationMessagePolicy: 'FallbackToLogsOnError',
    },
  ],
  toolsImage: ctx => imageOf(ctx, 'postgres'),
};

import {
  type BackupDefinition,
  databaseDumpStep,
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
    databaseDumpStep({
      image: imageOf(ctx, 'postgres'),
      script: DUMP_DATABASE,
      connection: {
        PGHOST: NAMES.database,
        PGDATABASE: DATABASE.name,
        PGUSER: DATABASE.user,
      },
      password: fromSecret('PGPASSWORD', 'databasePassword'),
      tmp: "pg_dump's temporary files",
    }),
  ],
  toolsImage: ctx => imageOf(ctx, 'postgres'),
};

import {
  type BackupDefinition,
  databaseDumpStep,
} from '@internal/plugin-stores-node';
import { DATABASE, fromSecret, imageOf, NAMES } from './names';
import { restoreJob } from './restoreJob';
import { CONTENT_MOUNT } from './storefront';
import { wpCliPod } from './wpCliJob';

/*
 * A WooCommerce store's backup: MariaDB's dump (the store's database, as
 * its application user) and an archive of wp-content (themes, plugins,
 * uploads), with the store's URL so a restore can move it to a new host.
 * WordPress core and wp-config.php are not in it: the image provides them
 * and the new store's Secret its passwords.
 */

const DUMP_DATABASE = `set -eu
mkdir -p "$WORK"
mariadb-dump --single-transaction --no-tablespaces --routines --triggers \\
  -h "$DB_HOST" -u "$DB_USER" "$DB_NAME" > "$WORK/database.sql"
echo "[backup] database dumped"
`;

const ARCHIVE_CONTENT = `set -eu
mkdir -p "$WORK"
tar -czf "$WORK/content.tar.gz" -C ${CONTENT_MOUNT.mountPath} wp-content
printf '%s\\n' "$STORE_URL" > "$WORK/source-url"
echo "[backup] content archived"
`;

export const BACKUP: BackupDefinition & {
  restore: typeof restoreJob;
} = {
  databasePath: 'database',
  ...wpCliPod(),
  steps: ctx => [
    databaseDumpStep({
      image: imageOf(ctx, 'mariadb'),
      script: DUMP_DATABASE,
      connection: {
        DB_HOST: NAMES.database,
        DB_NAME: DATABASE.name,
        DB_USER: DATABASE.user,
      },
      // MYSQL_PWD: the MariaDB client's own variable for the password.
      password: fromSecret('MYSQL_PWD', 'databasePassword'),
      tmp: "the client's temporary files",
      home: '/tmp',
    }),
    {
      name: 'content',
      image: imageOf(ctx, 'wpcli'),
      command: ['/bin/sh', '-c', ARCHIVE_CONTENT],
      volumeMounts: [{ ...CONTENT_MOUNT, readOnly: true }],
      terminationMessagePolicy: 'FallbackToLogsOnError',
    },
  ],
  toolsImage: ctx => imageOf(ctx, 'wpcli'),
  restore: restoreJob,
};

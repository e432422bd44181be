import {
  appSelector,
  BACKUP_WORK_DIR,
  type BackupDefinition,
  type BootstrapJobSpec,
  databaseDumpStep,
  type EngineRenderContext,
  storeHost,
  tmpScratch,
} from '@internal/plugin-stores-node';
import { APPS } from './labels';
import { ADMIN_USER, DATABASE, fromSecret, imageOf, NAMES } from './names';
import { RESTORE_SCRIPT } from './restoreScript';
import {
  CONTENT_MOUNT,
  CONTENT_VOLUME,
  wordpressDatabaseEnv,
  WWW_DATA_UID,
} from './storefront';

/*
 * A WooCommerce store's backup: MariaDB's dump (the store's database, as
 * its application user) and an archive of wp-content (themes, plugins,
 * uploads), with the store's URL so a restore can move it to a new host.
 * WordPress core and wp-config.php are not in it: the image provides them
 * and the new store's Secret its passwords.
 */

/** The content volume is ReadWriteOnce: backup and restore pods run next to WordPress. */
const NEXT_TO_WORDPRESS = {
  podAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      {
        labelSelector: { matchLabels: appSelector(APPS.storefront) },
        topologyKey: 'kubernetes.io/hostname',
      },
    ],
  },
};

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
  restore(
    ctx: EngineRenderContext,
    urls: { storefront?: string },
  ): BootstrapJobSpec;
} = {
  databasePath: 'database',
  uid: WWW_DATA_UID,
  affinity: NEXT_TO_WORDPRESS,
  volumes: [CONTENT_VOLUME],
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
  restore: (ctx, urls) => ({
    name: NAMES.bootstrapJob,
    app: APPS.bootstrap,
    pod: {
      uid: WWW_DATA_UID,
      affinity: NEXT_TO_WORDPRESS,
      volumes: [CONTENT_VOLUME],
    },
    container: {
      image: imageOf(ctx, 'wpcli'),
      command: ['/bin/sh', '-c', RESTORE_SCRIPT],
      workingDir: CONTENT_MOUNT.mountPath,
      env: [
        ...wordpressDatabaseEnv(),
        { name: 'STORE_URL', value: urls.storefront ?? '' },
        { name: 'BACKUP_DIR', value: BACKUP_WORK_DIR },
        { name: 'WP_ADMIN_USER', value: ADMIN_USER },
        { name: 'WP_ADMIN_EMAIL', value: `${ADMIN_USER}@${storeHost(ctx)}` },
        fromSecret('WP_ADMIN_PASSWORD', 'adminPassword'),
        { name: 'HOME', value: '/tmp' },
      ],
      volumeMounts: [CONTENT_MOUNT],
      scratch: [tmpScratch("wp-cli's home, PHP's temporary files")],
    },
  }),
};

import {
  type EngineRenderContext,
  renderDatabaseWorkload,
} from '@internal/plugin-stores-node';
import { APPS } from './labels';
import { DATABASE, fromSecret, imageOf, NAMES } from './names';

/** MariaDB (its `mysql` user, uid 999), its data on the plan's database volume. */
export function renderDatabase(ctx: EngineRenderContext) {
  return renderDatabaseWorkload(ctx, {
    name: NAMES.database,
    app: APPS.database,
    dataPath: '/var/lib/mysql',
    uid: 999,
    container: {
      name: 'mariadb',
      image: imageOf(ctx, 'mariadb'),
      port: { name: 'mysql', port: 3306 },
      env: [
        fromSecret('MARIADB_ROOT_PASSWORD', 'databaseRootPassword'),
        { name: 'MARIADB_DATABASE', value: DATABASE.name },
        { name: 'MARIADB_USER', value: DATABASE.user },
        fromSecret('MARIADB_PASSWORD', 'databasePassword'),
      ],
      readinessCommand: ['healthcheck.sh', '--connect', '--innodb_initialized'],
      tmp: "the server's temporary tables and files (the project's own image: its socket and pid file)",
      socketDir: {
        mountPath: '/run/mysqld',
        why: "the official image's socket and pid file",
      },
    },
  });
}

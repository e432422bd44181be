import {
  imageFor,
  renderDatabaseWorkload,
  secretEnv,
  tmpScratch,
  type EngineRenderContext,
} from '@internal/plugin-stores-node';
import { APPS } from './labels';
import {
  DATABASE_NAME,
  DATABASE_USER,
  DEFAULT_IMAGES,
  NAMES,
  SECRET_KEYS,
} from './names';

/** MariaDB (its `mysql` user, uid 999), its data on the plan's database volume. */
export function renderDatabase(ctx: EngineRenderContext) {
  return renderDatabaseWorkload(ctx, {
    name: NAMES.database,
    app: APPS.database,
    dataPath: '/var/lib/mysql',
    pod: {
      uid: 999,
      container: {
        name: 'mariadb',
        image: imageFor(ctx.settings, DEFAULT_IMAGES, 'mariadb'),
        port: { name: 'mysql', port: 3306 },
        env: [
          secretEnv(
            'MARIADB_ROOT_PASSWORD',
            NAMES.secret,
            SECRET_KEYS.databaseRootPassword,
          ),
          { name: 'MARIADB_DATABASE', value: DATABASE_NAME },
          { name: 'MARIADB_USER', value: DATABASE_USER },
          secretEnv(
            'MARIADB_PASSWORD',
            NAMES.secret,
            SECRET_KEYS.databasePassword,
          ),
        ],
        readinessProbe: {
          exec: {
            command: ['healthcheck.sh', '--connect', '--innodb_initialized'],
          },
          initialDelaySeconds: 5,
          periodSeconds: 10,
        },
        scratch: [
          tmpScratch(
            "the server's temporary tables and files (the project's own image: its socket and pid file)",
          ),
          {
            name: 'run',
            mountPath: '/run/mysqld',
            why: "the official image's socket and pid file",
          },
        ],
      },
    },
  });
}

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
  POSTGRES_PORT,
  SECRET_KEYS,
} from './names';

/**
 * PostgreSQL for the store (the `postgres` user of the official alpine
 * images, uid 70), its data on the plan's database volume.
 */
export function renderDatabase(ctx: EngineRenderContext) {
  return renderDatabaseWorkload(ctx, {
    name: NAMES.database,
    app: APPS.database,
    // A directory below the mount (PGDATA): the volume's root holds lost+found.
    dataPath: '/var/lib/postgresql/data',
    pod: {
      uid: 70,
      container: {
        name: 'postgres',
        image: imageFor(ctx.settings, DEFAULT_IMAGES, 'postgres'),
        port: { name: 'postgres', port: POSTGRES_PORT },
        env: [
          { name: 'POSTGRES_DB', value: DATABASE_NAME },
          { name: 'POSTGRES_USER', value: DATABASE_USER },
          secretEnv(
            'POSTGRES_PASSWORD',
            NAMES.secret,
            SECRET_KEYS.databasePassword,
          ),
          { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
        ],
        readinessProbe: {
          exec: {
            command: ['pg_isready', '-U', DATABASE_USER, '-d', DATABASE_NAME],
          },
          initialDelaySeconds: 5,
          periodSeconds: 10,
        },
        scratch: [
          tmpScratch("initdb's and the server's temporary files"),
          {
            name: 'run',
            mountPath: '/var/run/postgresql',
            why: "the server's Unix socket and lock file",
          },
        ],
      },
    },
  });
}

import {
  type EngineRenderContext,
  renderDatabaseWorkload,
} from '@internal/plugin-stores-node';
import { APPS } from './labels';
import { DATABASE, fromSecret, imageOf, NAMES, POSTGRES_PORT } from './names';

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
    uid: 70,
    container: {
      name: 'postgres',
      image: imageOf(ctx, 'postgres'),
      port: { name: 'postgres', port: POSTGRES_PORT },
      env: [
        { name: 'POSTGRES_DB', value: DATABASE.name },
        { name: 'POSTGRES_USER', value: DATABASE.user },
        fromSecret('POSTGRES_PASSWORD', 'databasePassword'),
        { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
      ],
      readinessCommand: [
        'pg_isready',
        '-U',
        DATABASE.user,
        '-d',
        DATABASE.name,
      ],
      tmp: "initdb's and the server's temporary files",
      socketDir: {
        mountPath: '/var/run/postgresql',
        why: "the server's Unix socket and lock file",
      },
    },
  });
}

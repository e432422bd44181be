import type { RenderedObject } from '@internal/plugin-stores-common';
import {
  imageFor,
  renderDatabaseWorkload,
  secretEnv,
  type EngineRenderContext,
} from '@internal/plugin-stores-node';
import { APPS, SELECTORS } from './labels';
import {
  DATABASE_NAME,
  DATABASE_USER,
  DEFAULT_IMAGES,
  NAMES,
  POSTGRES_PORT,
  SECRET_KEYS,
} from './names';

/** The `postgres` user of the official alpine images. */
const POSTGRES_UID = 70;

/** PostgreSQL for the store, its data on the plan's database volume. */
export function renderDatabase(ctx: EngineRenderContext): RenderedObject[] {
  return renderDatabaseWorkload(ctx, {
    name: NAMES.database,
    app: APPS.database,
    selector: SELECTORS.database,
    uid: POSTGRES_UID,
    port: { name: 'postgres', port: POSTGRES_PORT },
    dataPath: '/var/lib/postgresql/data',
    container: {
      name: 'postgres',
      image: imageFor(ctx.settings, DEFAULT_IMAGES, 'postgres'),
      env: [
        { name: 'POSTGRES_DB', value: DATABASE_NAME },
        { name: 'POSTGRES_USER', value: DATABASE_USER },
        secretEnv(
          'POSTGRES_PASSWORD',
          NAMES.secret,
          SECRET_KEYS.databasePassword,
        ),
        // A directory below the mount: the volume's root holds lost+found.
        { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
      ],
      readinessProbe: {
        exec: {
          command: ['pg_isready', '-U', DATABASE_USER, '-d', DATABASE_NAME],
        },
        initialDelaySeconds: 5,
        periodSeconds: 10,
      },
    },
  });
}

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
  SECRET_KEYS,
} from './names';

/** The official mariadb image runs as its `mysql` user, uid 999. */
const MARIADB_UID = 999;

export function renderDatabase(ctx: EngineRenderContext): RenderedObject[] {
  return renderDatabaseWorkload(ctx, {
    name: NAMES.database,
    app: APPS.database,
    selector: SELECTORS.database,
    uid: MARIADB_UID,
    port: { name: 'mysql', port: 3306 },
    dataPath: '/var/lib/mysql',
    container: {
      name: 'mariadb',
      image: imageFor(ctx.settings, DEFAULT_IMAGES, 'mariadb'),
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
    },
  });
}

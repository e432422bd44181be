import type { RenderedObject } from '@internal/plugin-stores-common';
import {
  imageFor,
  renderService,
  renderStatefulSet,
  secretEnv,
  storeContainer,
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
  const workload = {
    name: NAMES.database,
    app: APPS.database,
    selector: SELECTORS.database,
  };
  return [
    renderService(ctx, {
      ...workload,
      port: { name: 'mysql', port: 3306 },
      headless: true,
    }),
    renderStatefulSet(ctx, {
      ...workload,
      claim: { name: 'data', storage: ctx.plan.databaseStorage },
      pod: {
        uid: MARIADB_UID,
        containers: [
          storeContainer(ctx, {
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
            ports: [{ name: 'mysql', containerPort: 3306, protocol: 'TCP' }],
            readinessProbe: {
              exec: {
                command: [
                  'healthcheck.sh',
                  '--connect',
                  '--innodb_initialized',
                ],
              },
              initialDelaySeconds: 5,
              periodSeconds: 10,
            },
            volumeMounts: [{ name: 'data', mountPath: '/var/lib/mysql' }],
          }),
        ],
      },
    }),
  ];
}

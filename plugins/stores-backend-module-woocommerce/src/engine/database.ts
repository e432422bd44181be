import type { RenderedObject } from '@internal/plugin-stores-common';
import {
  imageFor,
  secretEnv,
  storeContainer,
  storeLabels,
  storeObjectMeta as objectMeta,
  storePodSpec,
  volumeClaimSpec,
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
  const labels = storeLabels(ctx.store, APPS.database);
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: objectMeta(ctx, NAMES.database, APPS.database),
      spec: {
        clusterIP: 'None',
        selector: { ...SELECTORS.database },
        ports: [
          { name: 'mysql', port: 3306, targetPort: 'mysql', protocol: 'TCP' },
        ],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: objectMeta(ctx, NAMES.database, APPS.database),
      spec: {
        serviceName: NAMES.database,
        replicas: 1,
        selector: { matchLabels: { ...SELECTORS.database } },
        template: {
          metadata: { labels },
          spec: storePodSpec({
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
                ports: [
                  { name: 'mysql', containerPort: 3306, protocol: 'TCP' },
                ],
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
          }),
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels },
            spec: volumeClaimSpec(ctx, ctx.plan.databaseStorage),
          },
        ],
      },
    },
  ];
}

import type { RenderedObject } from '@internal/plugin-stores-common';
import {
  imageFor,
  renderJob,
  secretEnv,
  storeContainer,
  storeHost,
  type EngineRenderContext,
} from '@internal/plugin-stores-node';
import { BOOTSTRAP_SCRIPT, SEED_SCRIPT } from './bootstrapScript';
import { medusaEnv } from './env';
import { APPS } from './labels';
import { MEDUSA_UID } from './medusa';
import {
  ADMIN_USER,
  DEFAULT_IMAGES,
  MEDUSA_PORT,
  NAMES,
  POSTGRES_PORT,
  SECRET_KEYS,
} from './names';

/** The Job that migrates the database, creates the admin user and seeds the store. */
export function renderBootstrapJob(
  ctx: EngineRenderContext,
  options: { extraPodLabels: Record<string, string> },
): RenderedObject {
  return renderJob(ctx, {
    name: NAMES.bootstrapJob,
    app: APPS.bootstrap,
    extraPodLabels: options.extraPodLabels,
    activeDeadlineSeconds: 900,
    pod: {
      uid: MEDUSA_UID,
      containers: [
        storeContainer(ctx, {
          name: 'bootstrap',
          image: imageFor(ctx.settings, DEFAULT_IMAGES, 'medusa'),
          command: ['/bin/sh', '-c', BOOTSTRAP_SCRIPT, 'medusa-bootstrap'],
          args: [SEED_SCRIPT],
          env: [
            ...medusaEnv(ctx),
            { name: 'DATABASE_HOST', value: NAMES.database },
            { name: 'DATABASE_PORT', value: String(POSTGRES_PORT) },
            {
              name: 'MEDUSA_API',
              value: `http://${NAMES.server}:${MEDUSA_PORT}`,
            },
            {
              name: 'MEDUSA_ADMIN_EMAIL',
              value: `${ADMIN_USER}@${storeHost(ctx)}`,
            },
            secretEnv(
              'MEDUSA_ADMIN_PASSWORD',
              NAMES.secret,
              SECRET_KEYS.adminPassword,
            ),
            { name: 'STORE_TITLE', value: ctx.store.displayName },
            {
              name: 'SAMPLE_DATA',
              value: ctx.store.options.sampleData === false ? 'false' : 'true',
            },
          ],
          // The tail of the output becomes the termination message, which
          // the reconciler reports when the Job fails (no log access needed).
          terminationMessagePolicy: 'FallbackToLogsOnError',
          volumeMounts: [],
        }),
      ],
    },
  });
}

import type { RenderedObject } from '@internal/plugin-stores-common';
import {
  imageFor,
  renderJob,
  secretEnv,
  storeContainer,
  storeHost,
  type EngineRenderContext,
} from '@internal/plugin-stores-node';
import { BOOTSTRAP_SCRIPT } from './bootstrapScript';
import { APPS, SELECTORS } from './labels';
import { ADMIN_USER, DEFAULT_IMAGES, NAMES, SECRET_KEYS } from './names';
import { wordpressDatabaseEnv, WWW_DATA_UID } from './storefront';

export function renderBootstrapJob(
  ctx: EngineRenderContext,
  options: { url: string; extraPodLabels: Record<string, string> },
): RenderedObject {
  return renderJob(ctx, {
    name: NAMES.bootstrapJob,
    app: APPS.bootstrap,
    extraPodLabels: options.extraPodLabels,
    activeDeadlineSeconds: 900,
    pod: {
      uid: WWW_DATA_UID,
      // The content volume is ReadWriteOnce: run next to the WordPress pod.
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              labelSelector: { matchLabels: { ...SELECTORS.storefront } },
              topologyKey: 'kubernetes.io/hostname',
            },
          ],
        },
      },
      containers: [
        storeContainer(ctx, {
          name: 'bootstrap',
          image: imageFor(ctx.settings, DEFAULT_IMAGES, 'wpcli'),
          command: ['/bin/sh', '-c', BOOTSTRAP_SCRIPT],
          workingDir: '/var/www/html',
          env: [
            ...wordpressDatabaseEnv(),
            { name: 'STORE_URL', value: options.url },
            { name: 'STORE_TITLE', value: ctx.store.displayName },
            { name: 'WP_ADMIN_USER', value: ADMIN_USER },
            {
              name: 'WP_ADMIN_EMAIL',
              value: `${ADMIN_USER}@${storeHost(ctx)}`,
            },
            secretEnv(
              'WP_ADMIN_PASSWORD',
              NAMES.secret,
              SECRET_KEYS.adminPassword,
            ),
            {
              name: 'SAMPLE_DATA',
              value: ctx.store.options.sampleData === false ? 'false' : 'true',
            },
            { name: 'WP_CLI_CACHE_DIR', value: '/tmp/wp-cli-cache' },
            { name: 'HOME', value: '/tmp' },
          ],
          // The tail of the output becomes the termination message, which
          // the reconciler reports when the Job fails (no log access needed).
          terminationMessagePolicy: 'FallbackToLogsOnError',
          volumeMounts: [{ name: 'content', mountPath: '/var/www/html' }],
        }),
      ],
      volumes: [
        {
          name: 'content',
          persistentVolumeClaim: { claimName: NAMES.content },
        },
      ],
    },
  });
}

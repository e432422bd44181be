import {
  appSelector,
  type BootstrapJobSpec,
  type EngineRenderContext,
  storeHost,
  tmpScratch,
} from '@internal/plugin-stores-node';
import { BOOTSTRAP_SCRIPT } from './bootstrapScript';
import { APPS } from './labels';
import { ADMIN_USER, fromSecret, imageOf, NAMES } from './names';
import {
  CONTENT_MOUNT,
  CONTENT_VOLUME,
  wordpressDatabaseEnv,
  WWW_DATA_UID,
} from './storefront';

/** wp-cli installs WordPress and WooCommerce into the content volume. */
export function bootstrapJob(
  ctx: EngineRenderContext,
  storefrontUrl: string,
): BootstrapJobSpec {
  return {
    name: NAMES.bootstrapJob,
    app: APPS.bootstrap,
    pod: {
      uid: WWW_DATA_UID,
      // The content volume is ReadWriteOnce: run next to the WordPress pod.
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              labelSelector: { matchLabels: appSelector(APPS.storefront) },
              topologyKey: 'kubernetes.io/hostname',
            },
          ],
        },
      },
      volumes: [CONTENT_VOLUME],
    },
    container: {
      image: imageOf(ctx, 'wpcli'),
      command: ['/bin/sh', '-c', BOOTSTRAP_SCRIPT],
      workingDir: CONTENT_MOUNT.mountPath,
      env: [
        ...wordpressDatabaseEnv(),
        { name: 'STORE_URL', value: storefrontUrl },
        { name: 'WP_ADMIN_USER', value: ADMIN_USER },
        { name: 'WP_ADMIN_EMAIL', value: `${ADMIN_USER}@${storeHost(ctx)}` },
        fromSecret('WP_ADMIN_PASSWORD', 'adminPassword'),
        { name: 'WP_CLI_CACHE_DIR', value: '/tmp/wp-cli-cache' },
        { name: 'HOME', value: '/tmp' },
      ],
      volumeMounts: [CONTENT_MOUNT],
      scratch: [
        tmpScratch("wp-cli's home and download cache, PHP's temporary files"),
      ],
    },
  };
}

import {
  appSelector,
  type BootstrapJobSpec,
  type EngineRenderContext,
  type EnvVar,
  storeHost,
  tmpScratch,
} from '@internal/plugin-stores-node';
import { APPS } from './labels';
import { ADMIN_USER, fromSecret, imageOf, NAMES } from './names';
import {
  CONTENT_MOUNT,
  CONTENT_VOLUME,
  wordpressDatabaseEnv,
  WWW_DATA_UID,
} from './storefront';

/*
 * The Jobs that run wp-cli beside WordPress (bootstrap, restore, admin
 * password; the backup's pod runs there too): where their pod runs and what
 * they are given.
 */

/** The content volume is ReadWriteOnce: these pods run next to WordPress. */
const NEXT_TO_WORDPRESS = {
  podAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      {
        labelSelector: { matchLabels: appSelector(APPS.storefront) },
        topologyKey: 'kubernetes.io/hostname',
      },
    ],
  },
};

/** The pod of a wp-cli Job: WordPress's user, next to it, its content volume. */
export function wpCliPod() {
  return {
    uid: WWW_DATA_UID,
    affinity: NEXT_TO_WORDPRESS,
    volumes: [CONTENT_VOLUME],
  };
}

/** The store's admin user for wp-cli, its password from the store's Secret by reference. */
function wordpressAdminEnv(ctx: EngineRenderContext): EnvVar[] {
  return [
    { name: 'WP_ADMIN_USER', value: ADMIN_USER },
    { name: 'WP_ADMIN_EMAIL', value: `${ADMIN_USER}@${storeHost(ctx)}` },
    fromSecret('WP_ADMIN_PASSWORD', 'adminPassword'),
  ];
}

/**
 * The store's bootstrap Job as wp-cli running `script` in the content
 * volume beside WordPress, with WordPress's database, the store's URL and
 * admin in its env. `inputs` come right after the URL and `extraEnv` after
 * the admin: the order every Job had before this builder, so that no
 * existing store's Job template changes.
 */
export function wpCliJob(
  ctx: EngineRenderContext,
  options: {
    script: string;
    storeUrl: string;
    inputs?: EnvVar[];
    extraEnv?: EnvVar[];
    /** What wp-cli and PHP keep in /tmp (the scratch volume's reason). */
    tmp: string;
  },
): BootstrapJobSpec {
  return {
    name: NAMES.bootstrapJob,
    app: APPS.bootstrap,
    pod: wpCliPod(),
    container: {
      image: imageOf(ctx, 'wpcli'),
      command: ['/bin/sh', '-c', options.script],
      workingDir: CONTENT_MOUNT.mountPath,
      env: [
        ...wordpressDatabaseEnv(),
        { name: 'STORE_URL', value: options.storeUrl },
        ...(options.inputs ?? []),
        ...wordpressAdminEnv(ctx),
        ...(options.extraEnv ?? []),
        { name: 'HOME', value: '/tmp' },
      ],
      volumeMounts: [CONTENT_MOUNT],
      scratch: [tmpScratch(options.tmp)],
    },
  };
}

import type { RenderedObject } from '@internal/plugin-stores-common';
import {
  type EngineRenderContext,
  renderServedDeployment,
  storeObjectMeta,
  tmpScratch,
  volumeClaimSpec,
} from '@internal/plugin-stores-node';
import { APPS } from './labels';
import { DATABASE, fromSecret, imageOf, NAMES } from './names';

/** www-data in the official WordPress images. */
export const WWW_DATA_UID = 33;

/**
 * Lets a non-root process bind port 80 (a safe, namespaced sysctl). The one
 * thing the WordPress apache image needs root for is binding port 80; instead
 * of root (which would force `baseline`) the pod sets this sysctl, which
 * `restricted` allows, so the namespace can enforce `restricted`.
 */
export const UNPRIVILEGED_PORTS_SYSCTL = {
  name: 'net.ipv4.ip_unprivileged_port_start',
  value: '0',
};

/** The WordPress files, wp-config.php and uploads: the content volume. */
export const CONTENT_MOUNT = { name: 'content', mountPath: '/var/www/html' };

export const CONTENT_VOLUME = {
  name: 'content',
  persistentVolumeClaim: { claimName: NAMES.content },
};

/** Database settings the WordPress image turns into wp-config.php (and wp-cli reads back). */
export function wordpressDatabaseEnv() {
  return [
    { name: 'WORDPRESS_DB_HOST', value: NAMES.database },
    { name: 'WORDPRESS_DB_NAME', value: DATABASE.name },
    { name: 'WORDPRESS_DB_USER', value: DATABASE.user },
    fromSecret('WORDPRESS_DB_PASSWORD', 'databasePassword'),
  ];
}

/** WordPress on apache, its files on the content volume, and its Service. */
export function renderStorefront(ctx: EngineRenderContext): RenderedObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: storeObjectMeta(ctx, NAMES.content, APPS.storefront),
      spec: volumeClaimSpec(ctx, ctx.plan.contentStorage),
    },
    ...renderServedDeployment(ctx, {
      name: NAMES.storefront,
      app: APPS.storefront,
      pod: {
        uid: WWW_DATA_UID,
        sysctls: [UNPRIVILEGED_PORTS_SYSCTL],
        volumes: [CONTENT_VOLUME],
        container: {
          name: 'wordpress',
          image: imageOf(ctx, 'wordpress'),
          env: wordpressDatabaseEnv(),
          port: { name: 'http', port: 80 },
          // A static file: answers as soon as apache serves the copied
          // WordPress files, before and after installation alike.
          readinessProbe: {
            httpGet: { path: '/wp-includes/images/blank.gif', port: 'http' },
            periodSeconds: 10,
          },
          volumeMounts: [CONTENT_MOUNT],
          scratch: [
            tmpScratch(
              "PHP's uploads in progress and sessions (the project's own image: apache's run, lock and log directories)",
            ),
            {
              name: 'apache-run',
              mountPath: '/var/run/apache2',
              why: "apache's pid file in the official image",
            },
            {
              name: 'apache-lock',
              mountPath: '/var/lock/apache2',
              why: "apache's lock files in the official image",
            },
          ],
        },
      },
    }),
  ];
}

import type { RenderedObject } from '@internal/plugin-stores-common';
import {
  imageFor,
  renderDeployment,
  renderService,
  renderStoreIngress,
  secretEnv,
  storeContainer,
  storeObjectMeta as objectMeta,
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

/** Database settings the WordPress image turns into wp-config.php (and wp-cli reads back). */
export function wordpressDatabaseEnv() {
  return [
    { name: 'WORDPRESS_DB_HOST', value: NAMES.database },
    { name: 'WORDPRESS_DB_NAME', value: DATABASE_NAME },
    { name: 'WORDPRESS_DB_USER', value: DATABASE_USER },
    secretEnv(
      'WORDPRESS_DB_PASSWORD',
      NAMES.secret,
      SECRET_KEYS.databasePassword,
    ),
  ];
}

export function renderStorefront(ctx: EngineRenderContext): RenderedObject[] {
  const workload = {
    name: NAMES.storefront,
    app: APPS.storefront,
    selector: SELECTORS.storefront,
  };
  return [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: objectMeta(ctx, NAMES.content, APPS.storefront),
      spec: volumeClaimSpec(ctx, ctx.plan.contentStorage),
    },
    renderDeployment(ctx, {
      ...workload,
      pod: {
        uid: WWW_DATA_UID,
        sysctls: [UNPRIVILEGED_PORTS_SYSCTL],
        containers: [
          storeContainer(ctx, {
            name: 'wordpress',
            image: imageFor(ctx.settings, DEFAULT_IMAGES, 'wordpress'),
            env: wordpressDatabaseEnv(),
            ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
            // A static file: answers as soon as apache serves the copied
            // WordPress files, before and after installation alike.
            readinessProbe: {
              httpGet: {
                path: '/wp-includes/images/blank.gif',
                port: 'http',
              },
              periodSeconds: 10,
            },
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
    }),
    renderService(ctx, { ...workload, port: { name: 'http', port: 80 } }),
  ];
}

export function renderIngress(ctx: EngineRenderContext): RenderedObject {
  return renderStoreIngress(ctx, {
    name: NAMES.ingress,
    app: APPS.ingress,
    paths: [{ path: '/', service: NAMES.storefront, port: 'http' }],
  });
}

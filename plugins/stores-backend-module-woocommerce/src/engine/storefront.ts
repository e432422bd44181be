import type { RenderedObject } from '@internal/plugin-stores-common';
import type { EngineRenderContext } from '@internal/plugin-stores-node';
import { secretEnv, storeContainer, storePodSpec } from './containers';
import { objectMeta } from './context';
import { APPS, SELECTORS, storeLabels } from './labels';
import { DATABASE_NAME, DATABASE_USER, NAMES, SECRET_KEYS } from './names';

/** www-data in the official WordPress images. */
export const WWW_DATA_UID = 33;

/** Lets a non-root process bind port 80 (a safe, namespaced sysctl). */
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

export function storeHost(ctx: EngineRenderContext): string {
  return `${ctx.store.name}.${ctx.settings.baseDomain}`;
}

export function renderStorefront(ctx: EngineRenderContext): RenderedObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: objectMeta(ctx, NAMES.content, APPS.storefront),
      spec: {
        accessModes: ['ReadWriteOnce'],
        ...(ctx.settings.storageClassName
          ? { storageClassName: ctx.settings.storageClassName }
          : {}),
        resources: { requests: { storage: ctx.plan.contentStorage } },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: objectMeta(ctx, NAMES.storefront, APPS.storefront),
      spec: {
        replicas: 1,
        // One pod at a time: the content volume is ReadWriteOnce, and a
        // surge pod would not fit the quota either.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: { ...SELECTORS.storefront } },
        template: {
          metadata: { labels: storeLabels(ctx.store, APPS.storefront) },
          spec: storePodSpec({
            uid: WWW_DATA_UID,
            sysctls: [UNPRIVILEGED_PORTS_SYSCTL],
            containers: [
              storeContainer(ctx, {
                name: 'wordpress',
                image: 'wordpress',
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
          }),
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: objectMeta(ctx, NAMES.storefront, APPS.storefront),
      spec: {
        selector: { ...SELECTORS.storefront },
        ports: [
          { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        ],
      },
    },
  ];
}

export function renderIngress(ctx: EngineRenderContext): RenderedObject {
  const host = storeHost(ctx);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: objectMeta(ctx, NAMES.ingress, APPS.ingress),
    spec: {
      ...(ctx.settings.ingressClassName
        ? { ingressClassName: ctx.settings.ingressClassName }
        : {}),
      ...(ctx.settings.tlsSecretName
        ? { tls: [{ hosts: [host], secretName: ctx.settings.tlsSecretName }] }
        : {}),
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: NAMES.storefront, port: { name: 'http' } },
                },
              },
            ],
          },
        },
      ],
    },
  };
}

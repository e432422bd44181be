import type { RenderedObject } from '@internal/plugin-stores-common';
import {
  imageFor,
  renderDeployment,
  renderService,
  renderStoreIngress,
  storeContainer,
  type EngineRenderContext,
} from '@internal/plugin-stores-node';
import { medusaEnv } from './env';
import { APPS, SELECTORS } from './labels';
import { DEFAULT_IMAGES, MEDUSA_PORT, NAMES } from './names';

/** The `node` user of the Node.js images Medusa applications are built on. */
export const MEDUSA_UID = 1000;

/** The Medusa application container, in one of Medusa's worker modes. */
export function medusaContainer(
  ctx: EngineRenderContext,
  mode: 'server' | 'worker',
) {
  return storeContainer(ctx, {
    name: 'medusa',
    image: imageFor(ctx.settings, DEFAULT_IMAGES, 'medusa'),
    command: ['medusa', 'start'],
    env: [
      ...medusaEnv(ctx),
      { name: 'MEDUSA_WORKER_MODE', value: mode },
      // The admin dashboard is served by the server at /app; the worker
      // serves nothing.
      {
        name: 'DISABLE_MEDUSA_ADMIN',
        value: mode === 'server' ? 'false' : 'true',
      },
      { name: 'PORT', value: String(MEDUSA_PORT) },
    ],
    ...(mode === 'server'
      ? {
          ports: [
            {
              name: 'http',
              containerPort: MEDUSA_PORT,
              protocol: 'TCP' as const,
            },
          ],
          readinessProbe: {
            httpGet: { path: '/health', port: 'http' },
            periodSeconds: 10,
          },
        }
      : {}),
    volumeMounts: [],
  });
}

/**
 * Medusa as its production layout has it: the server (the store and admin
 * APIs, and the admin dashboard at /app) and the worker (subscribers,
 * scheduled jobs, workflows), one pod each, on the same database and Redis.
 */
export function renderMedusa(ctx: EngineRenderContext): RenderedObject[] {
  const server = {
    name: NAMES.server,
    app: APPS.server,
    selector: SELECTORS.server,
  };
  return [
    renderDeployment(ctx, {
      ...server,
      pod: { uid: MEDUSA_UID, containers: [medusaContainer(ctx, 'server')] },
    }),
    renderService(ctx, {
      ...server,
      port: { name: 'http', port: MEDUSA_PORT },
    }),
    renderDeployment(ctx, {
      name: NAMES.worker,
      app: APPS.worker,
      selector: SELECTORS.worker,
      pod: { uid: MEDUSA_UID, containers: [medusaContainer(ctx, 'worker')] },
    }),
  ];
}

/** The store host, all of it to the Medusa server. */
export function renderIngress(ctx: EngineRenderContext): RenderedObject {
  return renderStoreIngress(ctx, {
    name: NAMES.ingress,
    app: APPS.ingress,
    paths: [{ path: '/', service: NAMES.server, port: 'http' }],
  });
}

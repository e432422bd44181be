import type { RenderedObject } from '@internal/plugin-stores-common';
import {
  type ContainerSpec,
  type EngineRenderContext,
  renderDeployment,
  renderServedDeployment,
  tmpScratch,
} from '@internal/plugin-stores-node';
import { medusaEnv } from './env';
import { APPS } from './labels';
import { imageOf, MEDUSA_PORT, NAMES } from './names';

/** The `node` user of the Node.js images Medusa applications are built on. */
export const MEDUSA_UID = 1000;

/**
 * The one path a Medusa process writes: `/tmp`, its HOME (see env.ts), for
 * npm's and the CLI's caches and Node's temporary files. The application
 * itself is built into the image and writes nothing there.
 */
export const MEDUSA_SCRATCH = [
  tmpScratch("HOME: npm's and the Medusa CLI's caches, Node's temporary files"),
];

/** The Medusa application container, in one of Medusa's worker modes. */
function medusaContainer(
  ctx: EngineRenderContext,
  mode: 'server' | 'worker',
): ContainerSpec {
  return {
    name: 'medusa',
    image: imageOf(ctx, 'medusa'),
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
    scratch: MEDUSA_SCRATCH,
  };
}

/**
 * Medusa as its production layout has it: the server (the store and admin
 * APIs, and the admin dashboard at /app) and the worker (subscribers,
 * scheduled jobs, workflows), one pod each, on the same database and Redis.
 */
export function renderMedusa(ctx: EngineRenderContext): RenderedObject[] {
  return [
    ...renderServedDeployment(ctx, {
      name: NAMES.server,
      app: APPS.server,
      pod: {
        uid: MEDUSA_UID,
        container: {
          ...medusaContainer(ctx, 'server'),
          port: { name: 'http', port: MEDUSA_PORT },
          readinessProbe: {
            httpGet: { path: '/health', port: 'http' },
            periodSeconds: 10,
          },
        },
      },
    }),
    renderDeployment(ctx, {
      name: NAMES.worker,
      app: APPS.worker,
      pod: { uid: MEDUSA_UID, containers: [medusaContainer(ctx, 'worker')] },
    }),
  ];
}

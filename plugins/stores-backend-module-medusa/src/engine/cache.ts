import type { RenderedObject } from '@internal/plugin-stores-common';
import {
  imageFor,
  renderDeployment,
  renderService,
  storeContainer,
  type EngineRenderContext,
} from '@internal/plugin-stores-node';
import { APPS, SELECTORS } from './labels';
import { DEFAULT_IMAGES, NAMES, REDIS_PORT } from './names';

/** The `redis` user of the official images. */
const REDIS_UID = 999;

/**
 * Redis for Medusa's event bus, cache and workflow engine. Its data is
 * ephemeral by design (an emptyDir): what matters lives in PostgreSQL.
 * Reachable only from the Medusa pods (see networkPolicies.ts).
 */
export function renderCache(ctx: EngineRenderContext): RenderedObject[] {
  const workload = {
    name: NAMES.cache,
    app: APPS.cache,
    selector: SELECTORS.cache,
  };
  return [
    renderDeployment(ctx, {
      ...workload,
      pod: {
        uid: REDIS_UID,
        containers: [
          storeContainer(ctx, {
            name: 'redis',
            image: imageFor(ctx.settings, DEFAULT_IMAGES, 'redis'),
            args: ['--save', '', '--appendonly', 'no'],
            env: [],
            ports: [
              { name: 'redis', containerPort: REDIS_PORT, protocol: 'TCP' },
            ],
            readinessProbe: {
              exec: { command: ['redis-cli', 'ping'] },
              periodSeconds: 10,
            },
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          }),
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
      },
    }),
    renderService(ctx, {
      ...workload,
      port: { name: 'redis', port: REDIS_PORT },
    }),
  ];
}

import {
  type EngineRenderContext,
  renderServedDeployment,
} from '@internal/plugin-stores-node';
import { APPS } from './labels';
import { imageOf, NAMES, REDIS_PORT } from './names';

/**
 * Redis (the `redis` user of the official images, uid 999) for Medusa's
 * event bus, cache and workflow engine. Its data is ephemeral by design (an
 * emptyDir): what matters lives in PostgreSQL. Reachable only from the
 * Medusa pods (see networkPolicies.ts).
 */
export function renderCache(ctx: EngineRenderContext) {
  return renderServedDeployment(ctx, {
    name: NAMES.cache,
    app: APPS.cache,
    pod: {
      uid: 999,
      container: {
        name: 'redis',
        image: imageOf(ctx, 'redis'),
        args: ['--save', '', '--appendonly', 'no'],
        port: { name: 'redis', port: REDIS_PORT },
        readinessProbe: {
          exec: { command: ['redis-cli', 'ping'] },
          periodSeconds: 10,
        },
        scratch: [
          {
            name: 'data',
            mountPath: '/data',
            why: "Redis's working directory (no snapshot or append-only file is written)",
          },
        ],
      },
    },
  });
}

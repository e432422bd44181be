import { ServiceUnavailableError } from '@backstage/errors';
import type { RequestHandler } from 'express';
import type { RouteContext } from './RouteContext';
import type { RouteHandler } from './types';

/** `GET /health`: the process answers; open to anyone. */
export const healthHandler: RequestHandler = (_req, res) => {
  res.json({ status: 'ok' });
};

/** `GET /readiness`: 503 naming the first dependency that does not answer. */
export function readinessHandler(ctx: RouteContext): RouteHandler {
  const { databaseHealth, reconcilerHealth, clusterHealth } = ctx.options;
  return async (req, res) => {
    await ctx.credentialsOf(req);
    try {
      await databaseHealth.check();
    } catch (error) {
      throw new ServiceUnavailableError(
        `Database is not reachable: ${(error as Error).message}`,
      );
    }
    try {
      await reconcilerHealth?.check();
    } catch (error) {
      throw new ServiceUnavailableError(
        `Reconciler is not ready: ${(error as Error).message}`,
      );
    }
    try {
      await clusterHealth.check();
    } catch (error) {
      throw new ServiceUnavailableError(
        `Kubernetes cluster is not reachable: ${(error as Error).message}`,
      );
    }
    res.json({ status: 'ok', database: 'ok', cluster: 'ok' });
  };
}

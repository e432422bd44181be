import { ServiceUnavailableError } from '@backstage/errors';
import type { RouteContext } from './RouteContext';
import type { RouteHandler } from './types';

/** `GET /health`: the process answers; open to anyone. */
export const healthHandler: RouteHandler<'/health', 'get'> = async (
  _req,
  res,
) => {
  res.json({ status: 'ok' });
};

/**
 * The checks behind both readiness routes, in order: the first one that
 * throws names the dependency that is not ready.
 */
function readinessChecks(ctx: RouteContext) {
  const { databaseHealth, reconciler } = ctx.options;
  return [
    { name: 'database', check: () => databaseHealth.check() },
    { name: 'reconciler', check: () => reconciler.reconcilerHealth.check() },
    { name: 'cluster', check: () => reconciler.clusterHealth.check() },
  ];
}

/**
 * `GET /ready`: the readiness probe of the chart's pods, open to anyone (the
 * kubelet has no Backstage token). It says only which dependency is not
 * ready, never the error behind it: a database or API server message can
 * name hosts, users or paths, and this route answers whoever asks. The
 * detailed reason is on the authenticated `GET /readiness`.
 */
export function readinessProbeHandler(
  ctx: RouteContext,
): RouteHandler<'/ready', 'get'> {
  const checks = readinessChecks(ctx);
  return async (_req, res) => {
    for (const { name, check } of checks) {
      try {
        await check();
      } catch {
        throw new ServiceUnavailableError(`Not ready: ${name}`);
      }
    }
    res.json({ status: 'ok' });
  };
}

/** `GET /readiness`: 503 naming the first dependency that does not answer. */
export function readinessHandler(
  ctx: RouteContext,
): RouteHandler<'/readiness', 'get'> {
  const { databaseHealth, reconciler } = ctx.options;
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
      await reconciler.reconcilerHealth.check();
    } catch (error) {
      throw new ServiceUnavailableError(
        `Reconciler is not ready: ${(error as Error).message}`,
      );
    }
    try {
      await reconciler.clusterHealth.check();
    } catch (error) {
      throw new ServiceUnavailableError(
        `Kubernetes cluster is not reachable: ${(error as Error).message}`,
      );
    }
    // Orphans do not make the backend unready; they are counted for whoever watches.
    res.json({
      status: 'ok',
      database: 'ok',
      cluster: 'ok',
      orphans: ctx.options.reconciler.orphans.report().orphans.length,
    });
  };
}

import { DEFAULT_ROLLOUT, IDLE_ROLLOUT } from '../../rollout/status';
import type { RouteContext } from './RouteContext';
import type { RouteHandler } from './types';

/**
 * `GET /rollout`: where the rollout of an engine or config change stands in
 * this replica (idle, rolling, paused, done), in counts: which stores wait
 * is not said, since not every caller may read every store. Where no
 * reconciler runs it is idle, with the configured limits.
 */
export function rolloutStatusHandler(
  ctx: RouteContext,
): RouteHandler<'/rollout', 'get'> {
  return async (req, res) => {
    await ctx.credentialsOf(req);
    const { maxConcurrent, failureThreshold } =
      ctx.options.config.rollout ?? DEFAULT_ROLLOUT;
    res.json(
      ctx.options.reconciler.rolloutStatus() ?? {
        ...IDLE_ROLLOUT,
        maxConcurrent,
        failureThreshold,
      },
    );
  };
}

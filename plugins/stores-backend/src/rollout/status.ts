import type { RolloutStatus } from '@internal/plugin-stores-common';

/** `stores.rollout` (config.d.ts), defaulted. */
export interface RolloutConfig {
  /** Stores that may be taking an engine or config change at once. */
  maxConcurrent: number;
  /** Stores failing after the change that pause the rollout. */
  failureThreshold: number;
  /** A store not ready this long after it got the change counts as failed. */
  progressDeadlineSeconds: number;
}

export const DEFAULT_ROLLOUT: RolloutConfig = {
  maxConcurrent: 10,
  failureThreshold: 3,
  progressDeadlineSeconds: 600,
};

/**
 * Where the rollout of an engine or config change stands in this replica:
 * the API's shape (`GET /rollout`, generated from the OpenAPI spec).
 * `state` `idle`: no store needs a change; `rolling`: stores are getting it
 * or waiting for their turn; `paused`: too many failed after it, the rest
 * waits; `done`: every store that needed it has it.
 */
export type { RolloutStatus };

/** What `GET /rollout` says where no reconciler runs, or before any change. */
export const IDLE_ROLLOUT: RolloutStatus = {
  state: 'idle',
  maxConcurrent: DEFAULT_ROLLOUT.maxConcurrent,
  failureThreshold: DEFAULT_ROLLOUT.failureThreshold,
  pending: 0,
  inProgress: 0,
  done: 0,
  failed: 0,
};

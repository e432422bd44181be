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

/** Where the rollout of an engine or config change stands in this replica. */
export interface RolloutStatus {
  /**
   * `idle`: no store needs a change; `rolling`: stores are getting it or
   * waiting for their turn; `paused`: too many failed after it, the rest
   * waits; `done`: every store that needed it has it.
   */
  state: 'idle' | 'rolling' | 'paused' | 'done';
  maxConcurrent: number;
  failureThreshold: number;
  /** Stores that need the change and wait for their turn. */
  pending: number;
  /** Stores given the change and not ready with it yet. */
  inProgress: number;
  /** Stores ready with the change. */
  done: number;
  /** Stores not ready within the deadline after the change. */
  failed: number;
  pausedAt?: string;
  pauseReason?: string;
}

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

import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Store, StorePhase } from '@internal/plugin-stores-common';
import type { StoresDatabase } from '../database/StoresDatabase';
import type { StoresMetrics } from '../metrics/StoresMetrics';
import {
  DEFAULT_ROLLOUT,
  type RolloutConfig,
  type RolloutStatus,
} from './status';

/** What the gate says about one pass of an established store. */
export type RolloutDecision =
  | { hold: false }
  | { hold: true; requeueAfterMs: number };

/** A held store looks again this often even if nothing wakes it. */
const HELD_RECHECK_MS = 30_000;

interface Candidate {
  id: string;
  name: string;
  generation: number;
  createdAt: string;
}

/**
 * Gradual rollout of changes that come from the engine or the config, not
 * from the store: consulted before a pass applies anything to an
 * established store (ready or degraded in its current generation) whose
 * live objects were applied from other desired objects than the ones
 * rendered now. At most `maxConcurrent` such stores get the change at once,
 * the oldest generation first (then the oldest store); a store counts as
 * done when it is ready again, as failed when it is not within
 * `progressDeadlineSeconds`. When `failureThreshold` stores have failed the
 * rollout pauses: the rest keeps its old objects (and is not repaired) until
 * the backend restarts, typically with a fixed config. Each failure gets a
 * `RolloutFailed` event, the pause a `RolloutPaused` event and a log line.
 *
 * A store's own change (a new generation: create, edit, retry, resume) is
 * never held back, and neither is re-creating a missing object.
 *
 * The state is this replica's, in memory, not shared: with several replicas
 * each one lets `maxConcurrent` of the stores it reconciles through and
 * pauses on the failures it saw itself (docs/rollout.md, Limits).
 */
export class RolloutGate {
  readonly #config: RolloutConfig;
  readonly #database: Pick<StoresDatabase, 'appendEvent'>;
  readonly #logger: LoggerService;
  readonly #metrics?: StoresMetrics;
  readonly #wake: (storeIds: string[]) => void;
  readonly #now: () => number;
  /** Live stores not looked at since start: no turn is given before all were. */
  readonly #unseen = new Set<string>();
  readonly #pending = new Map<string, Candidate>();
  readonly #inProgress = new Map<
    string,
    Candidate & { since: number; applying: boolean }
  >();
  readonly #done = new Set<string>();
  readonly #failed = new Set<string>();
  /** Store ids in the order they got their turn (for tests and logs). */
  readonly admitted: string[] = [];
  #paused?: { at: string; reason: string };

  static create(options: {
    config?: Partial<RolloutConfig>;
    database: Pick<StoresDatabase, 'appendEvent'>;
    logger: LoggerService;
    metrics?: StoresMetrics;
    /** Enqueues stores whose turn has come. */
    wake: (storeIds: string[]) => void;
    now?: () => number;
  }): RolloutGate {
    return new RolloutGate(options);
  }

  private constructor(options: Parameters<typeof RolloutGate.create>[0]) {
    this.#config = { ...DEFAULT_ROLLOUT, ...options.config };
    this.#database = options.database;
    this.#logger = options.logger.child({ component: 'stores-rollout' });
    this.#metrics = options.metrics;
    this.#wake = options.wake;
    this.#now = options.now ?? Date.now;
  }

  /** The live stores at start: turns are given once each has been looked at. */
  expect(storeIds: string[]): void {
    storeIds.forEach(id => this.#unseen.add(id));
    this.#wakeNext();
  }

  /** A pass read the store (undefined: it is gone). */
  seen(storeId: string, store: Store | undefined): void {
    const lastUnseen = this.#unseen.delete(storeId) && this.#unseen.size === 0;
    const gone =
      (!store || store.phase === 'deleting') &&
      (this.#pending.delete(storeId) || this.#inProgress.delete(storeId));
    if (lastUnseen || gone) {
      this.#wakeNext();
    }
  }

  /**
   * Before a pass applies: holds an established store whose objects are
   * outdated until its turn. `outdated` is asked only for established stores.
   */
  admit(
    store: Store,
    established: boolean,
    outdated: () => boolean,
  ): RolloutDecision {
    if (!established) {
      // Its own new generation carries the new objects: nothing to hold.
      this.#pending.delete(store.id);
      if (this.#inProgress.has(store.id)) {
        this.#leave(store.id);
        this.#done.add(store.id);
      }
      return { hold: false };
    }
    if (this.#inProgress.has(store.id) || !outdated()) {
      this.#pending.delete(store.id);
      return { hold: false };
    }
    this.#pending.set(store.id, {
      id: store.id,
      name: store.name,
      generation: store.generation,
      createdAt: store.createdAt,
    });
    if (this.#nextTurns().includes(store.id)) {
      this.#start(store.id);
      return { hold: false };
    }
    return { hold: true, requeueAfterMs: HELD_RECHECK_MS };
  }

  /**
   * After a pass wrote the status of a store: done when ready, failed past
   * the deadline. Returns when to look again (the deadline) while it is
   * in progress.
   */
  async settle(
    store: Store,
    phase: StorePhase,
    failureReason: string | null,
  ): Promise<number | undefined> {
    const entry = this.#inProgress.get(store.id);
    if (!entry) {
      return undefined;
    }
    // The pass that applied the change judged what it knew before the
    // workloads reacted: only a later pass can say the store is ready with it.
    const applying = entry.applying;
    entry.applying = false;
    if (phase === 'ready' && !applying) {
      this.#leave(store.id);
      this.#done.add(store.id);
      this.#wakeNext();
      return undefined;
    }
    const deadlineMs = this.#config.progressDeadlineSeconds * 1000;
    const left = entry.since + deadlineMs - this.#now();
    if (left > 0) {
      return left + 100;
    }
    this.#leave(store.id);
    this.#failed.add(store.id);
    const why = failureReason ?? `phase ${phase}`;
    await this.#event(
      store.id,
      'RolloutFailed',
      `Not ready ${
        this.#config.progressDeadlineSeconds
      } s after the engine or config change was applied: ${why}`,
    );
    this.#logger.warn(`Store ${store.name} failed after the rollout's change`, {
      storeId: store.id,
      reason: why,
    });
    if (!this.#paused && this.#failed.size >= this.#config.failureThreshold) {
      const reason = `${this.#failed.size} stores were not ready within ${
        this.#config.progressDeadlineSeconds
      } s after the change (threshold ${this.#config.failureThreshold}); ${
        this.#pending.size
      } stores keep their objects until the backend restarts`;
      this.#paused = { at: new Date(this.#now()).toISOString(), reason };
      this.#metrics?.recordRolloutPause();
      this.#logger.warn(`Rollout paused: ${reason}`);
      await this.#event(store.id, 'RolloutPaused', `Rollout paused: ${reason}`);
    }
    this.#wakeNext();
    return undefined;
  }

  status(): RolloutStatus {
    const pending = this.#pending.size;
    const inProgress = this.#inProgress.size;
    const done = this.#done.size;
    const failed = this.#failed.size;
    let state: RolloutStatus['state'] = 'idle';
    if (this.#paused) {
      state = 'paused';
    } else if (pending + inProgress > 0) {
      state = 'rolling';
    } else if (done + failed > 0) {
      state = 'done';
    }
    return {
      state,
      maxConcurrent: this.#config.maxConcurrent,
      failureThreshold: this.#config.failureThreshold,
      pending,
      inProgress,
      done,
      failed,
      pausedAt: this.#paused?.at,
      pauseReason: this.#paused?.reason,
    };
  }

  /** Ids of the stores in progress now (for tests). */
  inProgressIds(): string[] {
    return [...this.#inProgress.keys()];
  }

  /** Pending stores whose turn it is now: the oldest generations, as many as slots are free. */
  #nextTurns(): string[] {
    const free = this.#config.maxConcurrent - this.#inProgress.size;
    if (this.#paused || this.#unseen.size > 0 || free <= 0) {
      return [];
    }
    return [...this.#pending.values()]
      .sort(
        (a, b) =>
          a.generation - b.generation ||
          a.createdAt.localeCompare(b.createdAt) ||
          a.id.localeCompare(b.id),
      )
      .slice(0, free)
      .map(candidate => candidate.id);
  }

  #start(storeId: string) {
    const candidate = this.#pending.get(storeId)!;
    this.#pending.delete(storeId);
    this.#inProgress.set(storeId, {
      ...candidate,
      since: this.#now(),
      applying: true,
    });
    this.admitted.push(storeId);
    this.#logger.info(`Rollout: store ${candidate.name} gets the change`, {
      storeId,
      inProgress: this.#inProgress.size,
      pending: this.#pending.size,
    });
  }

  #leave(storeId: string) {
    this.#inProgress.delete(storeId);
  }

  #wakeNext() {
    const next = this.#nextTurns();
    if (next.length > 0) {
      this.#wake(next);
    }
  }

  async #event(storeId: string, reason: string, message: string) {
    try {
      await this.#database.appendEvent(storeId, {
        type: 'Warning',
        reason,
        message,
      });
    } catch (error) {
      this.#logger.warn(`Could not record the ${reason} event`, {
        storeId,
        error: String(error),
      });
    }
  }
}

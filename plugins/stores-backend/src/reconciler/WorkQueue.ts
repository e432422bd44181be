/**
 * How soon a key should run; the queue takes the most urgent first, first in
 * first out within one priority.
 * - `urgent`: someone is waiting: a user's create, update, retry or delete,
 *   or a store whose lease ran out (its replica crashed) to take over.
 * - `normal`: something changed (a watch event), a pass asked to look again
 *   later, or a failed pass is retried.
 * - `resync`: the periodic look at every store, and the start-up list.
 */
export type Priority = 'urgent' | 'normal' | 'resync';

const RANK: Record<Priority, number> = { urgent: 0, normal: 1, resync: 2 };
const PRIORITIES: Priority[] = ['urgent', 'normal', 'resync'];

/** The more urgent of two priorities. */
function mostUrgent(a: Priority | undefined, b: Priority): Priority {
  return a !== undefined && RANK[a] < RANK[b] ? a : b;
}

/**
 * How many workers keys of `priority` and anything less urgent may occupy
 * together: resyncs at most half of them, normal work all but one, so a
 * periodic resync of every store never holds back a watch event, and an
 * urgent key always finds a worker soon even while slow passes take up
 * the rest.
 */
export function workerShare(priority: Priority, concurrency: number): number {
  switch (priority) {
    case 'urgent':
      return concurrency;
    case 'normal':
      return Math.max(1, concurrency - 1);
    default:
      return Math.max(1, Math.floor(concurrency / 2));
  }
}

/** What one processing of a key asks for next. */
export interface WorkResult {
  /** Process the key again after this delay (e.g. waiting for a deletion). */
  requeueAfterMs?: number;
  /** Priority of that next run; `normal` by default. */
  priority?: Priority;
}

/** Share of a retry delay that jitter may take off. */
export const BACKOFF_JITTER = 0.5;

/**
 * Delay before retry number `failures` (1-based): `baseMs * 2^(failures-1)`
 * capped at `maxMs`, then up to {@link BACKOFF_JITTER} of it taken off at
 * random, so keys that failed together (an API server restart fails every
 * store at once) do not all retry in the same instant. `random` returns a
 * number in [0, 1) like Math.random; tests pass a fixed one.
 */
export function backoffDelayMs(options: {
  failures: number;
  baseMs: number;
  maxMs: number;
  random: () => number;
}): number {
  const { failures, baseMs, maxMs, random } = options;
  const capped = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(capped * (1 - BACKOFF_JITTER * random()));
}

/**
 * A de-duplicating work queue in the shape of client-go's: a key waits at most
 * once; a key is never processed by two workers at once; a key added while it
 * is being processed runs again right after. Failures are retried with capped
 * exponential backoff per key, with jitter (reset by a success).
 *
 * Fairness: keys wait by {@link Priority} (a key added again with a more
 * urgent priority moves up), and each priority may occupy only its
 * {@link workerShare} of the workers, so creates, user actions and takeovers
 * are neither queued behind a resync of every store nor kept waiting by a
 * few slow passes holding every worker.
 */
export class WorkQueue {
  readonly #process: (
    key: string,
    failures: number,
  ) => Promise<WorkResult | void>;
  readonly #onError: (key: string, error: unknown, retryInMs: number) => void;
  readonly #onTake?: (
    key: string,
    priority: Priority,
    waitedMs: number,
  ) => void;
  readonly #concurrency: number;
  readonly #backoffBaseMs: number;
  readonly #backoffMaxMs: number;
  readonly #random: () => number;
  /**
   * Waiting keys, one list per priority. A key that moved up stays behind in
   * its old list; #queued says where it waits and the stale entry is skipped.
   */
  readonly #waiting: Record<Priority, string[]> = {
    urgent: [],
    normal: [],
    resync: [],
  };
  readonly #queued = new Map<string, Priority>();
  /** When each waiting key was first added (a move up keeps it). */
  readonly #since = new Map<string, number>();
  readonly #processing = new Map<string, Priority>();
  readonly #dirty = new Map<string, Priority>();
  readonly #failures = new Map<string, number>();
  readonly #timers = new Map<
    string,
    { at: number; priority: Priority; timer: NodeJS.Timeout }
  >();
  readonly #idleWaiters: Array<() => void> = [];
  #stopped = false;

  static create(options: {
    concurrency: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
    /** `failures`: how many runs of this key in a row failed just before. */
    process: (key: string, failures: number) => Promise<WorkResult | void>;
    onError?: (key: string, error: unknown, retryInMs: number) => void;
    /** A key leaves the queue for a worker after waiting `waitedMs` (metrics). */
    onTake?: (key: string, priority: Priority, waitedMs: number) => void;
    /** Source of the backoff jitter, [0, 1); Math.random by default. */
    random?: () => number;
  }) {
    return new WorkQueue(options);
  }

  private constructor(options: Parameters<typeof WorkQueue.create>[0]) {
    this.#concurrency = Math.max(1, options.concurrency);
    this.#backoffBaseMs = options.backoffBaseMs;
    this.#backoffMaxMs = options.backoffMaxMs;
    this.#random = options.random ?? Math.random;
    this.#process = options.process;
    this.#onError = options.onError ?? (() => {});
    this.#onTake = options.onTake;
  }

  add(key: string, priority: Priority = 'normal'): void {
    if (this.#stopped) {
      return;
    }
    if (this.#processing.has(key)) {
      this.#dirty.set(key, mostUrgent(this.#dirty.get(key), priority));
      return;
    }
    const waiting = this.#queued.get(key);
    if (waiting !== undefined && RANK[waiting] <= RANK[priority]) {
      return;
    }
    this.#queued.set(key, priority);
    if (!this.#since.has(key)) this.#since.set(key, Date.now());
    this.#waiting[priority].push(key);
    this.#pump();
  }

  /**
   * Adds the key after a delay; an earlier pending delay for the key wins,
   * and the more urgent priority of the two is kept.
   */
  addAfter(key: string, delayMs: number, priority: Priority = 'normal'): void {
    if (this.#stopped) {
      return;
    }
    if (delayMs <= 0) {
      this.add(key, priority);
      return;
    }
    const at = Date.now() + delayMs;
    const pending = this.#timers.get(key);
    if (pending && pending.at <= at) {
      pending.priority = mostUrgent(pending.priority, priority);
      return;
    }
    if (pending) {
      clearTimeout(pending.timer);
    }
    const entry = {
      at,
      priority: mostUrgent(pending?.priority, priority),
      timer: setTimeout(() => {
        this.#timers.delete(key);
        this.add(key, entry.priority);
      }, delayMs),
    };
    entry.timer.unref?.();
    this.#timers.set(key, entry);
  }

  /** Delay before retry number `failures` (1-based) of a key. */
  backoffMs(failures: number): number {
    return backoffDelayMs({
      failures,
      baseMs: this.#backoffBaseMs,
      maxMs: this.#backoffMaxMs,
      random: this.#random,
    });
  }

  /** Keys waiting or being processed (delayed keys excluded). */
  get length(): number {
    return this.#queued.size + this.#processing.size;
  }

  /** Resolves when nothing is queued or being processed. */
  whenIdle(): Promise<void> {
    if (this.length === 0) {
      return Promise.resolve();
    }
    return new Promise(resolve => this.#idleWaiters.push(resolve));
  }

  /** Stops taking work, drops delayed keys and waits for running work to end. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const { timer } of this.#timers.values()) {
      clearTimeout(timer);
    }
    this.#timers.clear();
    PRIORITIES.forEach(priority => (this.#waiting[priority].length = 0));
    this.#queued.clear();
    this.#since.clear();
    this.#dirty.clear();
    await this.whenIdle();
  }

  #pump() {
    while (!this.#stopped && this.#processing.size < this.#concurrency) {
      const next = this.#next();
      if (!next) {
        return;
      }
      const [key, priority] = next;
      this.#queued.delete(key);
      const since = this.#since.get(key) ?? Date.now();
      this.#onTake?.(key, priority, Date.now() - since);
      this.#since.delete(key);
      this.#processing.set(key, priority);
      void this.#run(key);
    }
  }

  /** The most urgent waiting key whose priority has a worker to spare. */
  #next(): [string, Priority] | undefined {
    const running: Record<Priority, number> = {
      urgent: 0,
      normal: 0,
      resync: 0,
    };
    this.#processing.forEach(priority => (running[priority] += 1));
    for (const priority of PRIORITIES) {
      // Workers taken by keys of this priority or any less urgent one.
      const occupied = PRIORITIES.filter(
        other => RANK[other] >= RANK[priority],
      ).reduce((sum, other) => sum + running[other], 0);
      if (occupied >= workerShare(priority, this.#concurrency)) {
        continue;
      }
      const list = this.#waiting[priority];
      // Drop entries of keys that moved up (or were taken) meanwhile.
      while (list.length > 0 && this.#queued.get(list[0]) !== priority) {
        list.shift();
      }
      if (list.length > 0) {
        return [list.shift()!, priority];
      }
    }
    return undefined;
  }

  async #run(key: string) {
    try {
      const result = await this.#process(key, this.#failures.get(key) ?? 0);
      this.#failures.delete(key);
      if (result?.requeueAfterMs !== undefined) {
        this.addAfter(key, result.requeueAfterMs, result.priority);
      }
    } catch (error) {
      const failures = (this.#failures.get(key) ?? 0) + 1;
      this.#failures.set(key, failures);
      const delay = this.backoffMs(failures);
      this.#onError(key, error, delay);
      this.addAfter(key, delay);
    } finally {
      this.#processing.delete(key);
      const dirty = this.#dirty.get(key);
      if (dirty !== undefined) {
        this.#dirty.delete(key);
        this.add(key, dirty);
      }
      this.#pump();
      if (this.length === 0) {
        this.#idleWaiters.splice(0).forEach(resolve => resolve());
      }
    }
  }
}

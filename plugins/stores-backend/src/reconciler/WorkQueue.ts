/** What one processing of a key asks for next. */
export interface WorkResult {
  /** Process the key again after this delay (e.g. waiting for a deletion). */
  requeueAfterMs?: number;
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
 */
export class WorkQueue {
  readonly #process: (key: string) => Promise<WorkResult | void>;
  readonly #onError: (key: string, error: unknown, retryInMs: number) => void;
  readonly #concurrency: number;
  readonly #backoffBaseMs: number;
  readonly #backoffMaxMs: number;
  readonly #random: () => number;
  readonly #queue: string[] = [];
  readonly #queued = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #dirty = new Set<string>();
  readonly #failures = new Map<string, number>();
  readonly #timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  readonly #idleWaiters: Array<() => void> = [];
  #active = 0;
  #stopped = false;

  static create(options: {
    concurrency: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
    process: (key: string) => Promise<WorkResult | void>;
    onError?: (key: string, error: unknown, retryInMs: number) => void;
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
  }

  add(key: string): void {
    if (this.#stopped) {
      return;
    }
    if (this.#processing.has(key)) {
      this.#dirty.add(key);
      return;
    }
    if (this.#queued.has(key)) {
      return;
    }
    this.#queued.add(key);
    this.#queue.push(key);
    this.#pump();
  }

  /** Adds the key after a delay; an earlier pending delay for the key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.#stopped) {
      return;
    }
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = Date.now() + delayMs;
    const pending = this.#timers.get(key);
    if (pending && pending.at <= at) {
      return;
    }
    if (pending) {
      clearTimeout(pending.timer);
    }
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      this.add(key);
    }, delayMs);
    timer.unref?.();
    this.#timers.set(key, { at, timer });
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
    return this.#queue.length + this.#processing.size;
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
    this.#queue.length = 0;
    this.#queued.clear();
    this.#dirty.clear();
    await this.whenIdle();
  }

  #pump() {
    while (
      !this.#stopped &&
      this.#active < this.#concurrency &&
      this.#queue.length > 0
    ) {
      const key = this.#queue.shift()!;
      this.#queued.delete(key);
      this.#processing.add(key);
      this.#active += 1;
      void this.#run(key);
    }
  }

  async #run(key: string) {
    try {
      const result = await this.#process(key);
      this.#failures.delete(key);
      if (result?.requeueAfterMs !== undefined) {
        this.addAfter(key, result.requeueAfterMs);
      }
    } catch (error) {
      const failures = (this.#failures.get(key) ?? 0) + 1;
      this.#failures.set(key, failures);
      const delay = this.backoffMs(failures);
      this.#onError(key, error, delay);
      this.addAfter(key, delay);
    } finally {
      this.#processing.delete(key);
      this.#active -= 1;
      if (this.#dirty.delete(key)) {
        this.add(key);
      }
      this.#pump();
      if (this.length === 0) {
        this.#idleWaiters.splice(0).forEach(resolve => resolve());
      }
    }
  }
}

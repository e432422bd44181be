/**
 * Client-side rate limit towards the API server, the same shape as
 * client-go's default limiter: `qps` tokens per second refill a bucket of
 * `burst` tokens; each request takes one and waits when the bucket is empty.
 * Waiters are served in arrival order so one busy store cannot starve others.
 */
export class TokenBucket {
  readonly #qps: number;
  readonly #burst: number;
  #tokens: number;
  #last: number;
  #tail: Promise<void> = Promise.resolve();
  readonly #now: () => number;

  static create(options: { qps: number; burst: number; now?: () => number }) {
    if (!(options.qps > 0) || !(options.burst >= 1)) {
      throw new Error(
        `Invalid client rate limit qps=${options.qps} burst=${options.burst}; both must be positive`,
      );
    }
    return new TokenBucket(options.qps, options.burst, options.now ?? Date.now);
  }

  private constructor(qps: number, burst: number, now: () => number) {
    this.#qps = qps;
    this.#burst = burst;
    this.#tokens = burst;
    this.#now = now;
    this.#last = now();
  }

  /** Resolves when the caller may send one request. */
  acquire(): Promise<void> {
    const turn = this.#tail.then(() => this.#take());
    this.#tail = turn.catch(() => undefined);
    return turn;
  }

  async #take(): Promise<void> {
    for (;;) {
      this.#refill();
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      const waitMs = Math.ceil(((1 - this.#tokens) / this.#qps) * 1000);
      await new Promise(resolve => setTimeout(resolve, waitMs));
    }
  }

  #refill() {
    const now = this.#now();
    const elapsed = Math.max(0, now - this.#last) / 1000;
    this.#last = now;
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#qps);
  }
}

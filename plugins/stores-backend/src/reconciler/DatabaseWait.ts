import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { StoresDatabase } from '../database/StoresDatabase';
import { backoffDelayMs } from './WorkQueue';

/**
 * The reconciler's first database read at start-up (the live store ids),
 * retried with the queue's backoff and jitter until the database answers,
 * so a database that is down when the backend starts delays the reconciler
 * instead of leaving it stopped. Meanwhile {@link DatabaseWait.check} fails,
 * which the readiness route reports.
 */
export class DatabaseWait {
  readonly #database: Pick<StoresDatabase, 'listLiveStoreIds'>;
  readonly #logger: LoggerService;
  readonly #backoff: { baseMs: number; maxMs: number };
  readonly #random: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Set while waiting: the last error, first line only. */
  #waiting?: string;

  static create(options: {
    database: Pick<StoresDatabase, 'listLiveStoreIds'>;
    logger: LoggerService;
    backoffBaseMs: number;
    backoffMaxMs: number;
    /** Tests: jitter source and a sleep that does not wait. */
    random?: () => number;
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  }) {
    return new DatabaseWait(options);
  }

  private constructor(options: Parameters<typeof DatabaseWait.create>[0]) {
    this.#database = options.database;
    this.#logger = options.logger;
    this.#backoff = {
      baseMs: options.backoffBaseMs,
      maxMs: options.backoffMaxMs,
    };
    this.#random = options.random ?? Math.random;
    this.#sleep =
      options.sleep ??
      ((ms, signal) => sleep(ms, undefined, { signal }).then(() => undefined));
  }

  /** The live store ids, once the database answers; rejects only when `signal` aborts. */
  async liveStoreIds(signal?: AbortSignal): Promise<string[]> {
    for (let failures = 1; ; failures++) {
      try {
        const ids = await this.#database.listLiveStoreIds();
        if (this.#waiting !== undefined) {
          this.#logger.info('Stores reconciler: the database answers again');
        }
        this.#waiting = undefined;
        return ids;
      } catch (error) {
        signal?.throwIfAborted();
        this.#waiting = String((error as Error)?.message ?? error).split(
          '\n',
        )[0];
        const delay = backoffDelayMs({
          failures,
          baseMs: this.#backoff.baseMs,
          maxMs: this.#backoff.maxMs,
          random: this.#random,
        });
        this.#logger.warn(
          `Stores reconciler waiting for the database; trying again in ${delay} ms`,
          { error: this.#waiting },
        );
        await this.#sleep(delay, signal);
      }
    }
  }

  /** Readiness: fails while the start-up read is being retried. */
  async check(): Promise<void> {
    if (this.#waiting !== undefined) {
      throw new ServiceUnavailableError(
        `reconciler waiting for the database (${this.#waiting})`,
      );
    }
  }
}

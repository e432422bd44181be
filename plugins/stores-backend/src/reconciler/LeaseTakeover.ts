import type { LoggerService } from '@backstage/backend-plugin-api';
import type { StoresDatabase } from '../database/StoresDatabase';

/** Scans per lease length: a crashed replica's stores wait at most this share of a lease past its expiry. */
const SCANS_PER_LEASE = 8;
/** No scan more often than this, whatever the lease. */
const MIN_INTERVAL_MS = 250;

/** How often to look for expired leases, for a lease of `leaseMs`. */
export function takeoverIntervalMs(leaseMs: number): number {
  return Math.max(MIN_INTERVAL_MS, Math.floor(leaseMs / SCANS_PER_LEASE));
}

/**
 * Takes over a crashed replica's stores as soon as their leases run out: a
 * scan of the database (expiry by its clock, one query) every
 * {@link takeoverIntervalMs} frees the expired leases and hands those stores
 * to `takeOver` (the queue, as urgent work). Without it a dead holder's
 * store would wait for whatever brings it up next (a resync, a watch event,
 * a retry timer), behind every other store queued meanwhile.
 */
export class LeaseTakeover {
  readonly #database: Pick<StoresDatabase, 'reapExpiredLeases'>;
  readonly #logger: LoggerService;
  readonly #intervalMs: number;
  readonly #takeOver: (storeId: string) => void;
  #timer?: NodeJS.Timeout;
  #scanning?: Promise<void>;

  static create(options: {
    database: Pick<StoresDatabase, 'reapExpiredLeases'>;
    logger: LoggerService;
    leaseMs: number;
    takeOver: (storeId: string) => void;
  }) {
    return new LeaseTakeover(options);
  }

  private constructor(options: Parameters<typeof LeaseTakeover.create>[0]) {
    this.#database = options.database;
    this.#logger = options.logger;
    this.#intervalMs = takeoverIntervalMs(options.leaseMs);
    this.#takeOver = options.takeOver;
  }

  start(): void {
    if (this.#timer) {
      return;
    }
    this.#timer = setInterval(() => {
      // One scan at a time: a slow database skips ticks rather than piling up.
      this.#scanning ??= this.scan().finally(() => {
        this.#scanning = undefined;
      });
    }, this.#intervalMs);
    this.#timer.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#scanning;
  }

  /** One scan: frees the expired leases and hands their stores over. */
  async scan(): Promise<void> {
    let ids: string[];
    try {
      ids = await this.#database.reapExpiredLeases();
    } catch (error) {
      // The database is away: the next tick tries again.
      this.#logger.debug('Could not look for expired store leases', {
        error: String(error),
      });
      return;
    }
    if (ids.length > 0) {
      this.#logger.info(
        `Taking over ${ids.length} store(s) whose lease ran out`,
        { storeIds: ids.join(',') },
      );
      ids.forEach(id => this.#takeOver(id));
    }
  }
}

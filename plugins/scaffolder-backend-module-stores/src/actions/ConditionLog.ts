import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Store, StoreCondition } from '@internal/plugin-stores-common';

/**
 * Remembers what a waiting step last saw of a store and logs only what
 * changed since, so that the task log reads as the store's progress rather
 * than one line per poll.
 */
export class ConditionLog {
  readonly #logger: LoggerService;
  #phase: string | undefined;
  readonly #conditions = new Map<string, string>();

  static create(logger: LoggerService): ConditionLog {
    return new ConditionLog(logger);
  }

  private constructor(logger: LoggerService) {
    this.#logger = logger;
  }

  /** Logs the phase and every condition that differs from the last observation. */
  observe(store: Store): void {
    if (store.phase !== this.#phase) {
      if (store.phase === 'degraded') {
        // It was ready and something no longer holds; it recovers by itself.
        this.#logger.warn(
          `Store "${store.name}" is degraded${progress(store.conditions)}: ${
            store.failureReason ?? 'a condition no longer holds'
          }; waiting for it to recover`,
        );
      } else {
        this.#logger.info(
          `Store "${store.name}" is ${store.phase}${progress(
            store.conditions,
          )}`,
        );
      }
      this.#phase = store.phase;
    }
    for (const condition of store.conditions) {
      const seen = `${condition.status}|${condition.reason}|${condition.message}`;
      if (this.#conditions.get(condition.type) === seen) {
        continue;
      }
      this.#conditions.set(condition.type, seen);
      const line = `${condition.type}: ${condition.status}${
        condition.reason ? ` (${condition.reason})` : ''
      }${condition.message ? ` - ${condition.message}` : ''}`;
      if (
        condition.status === 'False' &&
        (store.phase === 'failed' || store.phase === 'degraded')
      ) {
        this.#logger.warn(line);
      } else {
        this.#logger.info(line);
      }
    }
  }
}

function progress(conditions: StoreCondition[]): string {
  if (conditions.length === 0) {
    return '';
  }
  const done = conditions.filter(c => c.status === 'True').length;
  return ` (${done}/${conditions.length} conditions met)`;
}

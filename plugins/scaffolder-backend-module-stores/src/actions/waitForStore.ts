import { setTimeout as sleep } from 'node:timers/promises';
import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, ResponseError, stringifyError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { Store } from '@internal/plugin-stores-common';
import type { StoresService } from '@internal/plugin-stores-node';
import { isNotFoundError } from '@internal/plugin-stores-common';
import { toActionError, toTaskError } from './backendErrors';
import { ConditionLog } from './ConditionLog';
import { storeUrlOutputs } from './storeUrlOutputs';
import type { StoresActionOptions } from './types';
import { examples } from './waitForStore.examples';

export const DEFAULT_WAIT_INTERVAL_SECONDS = 5;
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 15 * 60;

/**
 * `stores:wait`: polls a store until it is ready, logging every condition
 * change to the task log. Fails the task with the store's own reason when it
 * fails, and with a clear message when it disappears, is being deleted, the
 * timeout passes or the task is cancelled. A `degraded` store (it was ready
 * and something no longer holds) recovers by itself: the wait goes on, with
 * a warning, until it is ready again or the timeout passes.
 */
export function createStoreWaitAction(options: StoresActionOptions) {
  const { stores } = options;

  return createTemplateAction({
    id: 'stores:wait',
    description:
      'Waits until a store is ready, logging each provisioning condition as it changes. ' +
      'Fails when the store fails, is deleted, or is not ready within the timeout; ' +
      'a degraded store (ready before, something no longer holds) is waited for until it recovers.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        // Optional in the schema only because a dry run of stores:create has
        // no id to pass on; a real run without one fails in the handler.
        storeId: z =>
          z
            .string()
            .optional()
            .describe(
              'Id of the store, usually the output storeId of stores:create (required)',
            ),
        intervalSeconds: z =>
          z
            .number()
            .positive()
            .max(300)
            .optional()
            .describe(
              `Seconds between two looks at the store (default ${DEFAULT_WAIT_INTERVAL_SECONDS})`,
            ),
        timeoutSeconds: z =>
          z
            .number()
            .positive()
            .max(6 * 60 * 60)
            .optional()
            .describe(
              `Seconds to wait for ready before failing (default ${DEFAULT_WAIT_TIMEOUT_SECONDS}, 15 minutes)`,
            ),
        generation: z =>
          z
            .union([z.number().int().positive(), z.string().regex(/^[0-9]+$/)])
            .optional()
            .describe(
              'Wait until the store is ready at this generation or a later one, e.g. the output generation of stores:update (a ready store on an older generation has not applied the change yet)',
            ),
      },
      output: {
        phase: z => z.string().describe('Phase of the store at the end: ready'),
        ...storeUrlOutputs,
      },
    },
    async handler(ctx) {
      try {
        const intervalMs =
          (ctx.input.intervalSeconds ?? DEFAULT_WAIT_INTERVAL_SECONDS) * 1000;
        const timeoutSeconds =
          ctx.input.timeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS;
        const generation = Number(ctx.input.generation ?? 0);

        if (ctx.isDryRun) {
          ctx.logger.info(
            `Dry run: would wait up to ${timeoutSeconds}s for the store to become ready`,
          );
          return;
        }
        const storeId = ctx.input.storeId?.trim();
        if (!storeId) {
          throw new InputError('stores:wait needs the storeId of a store');
        }

        const credentials = await ctx.getInitiatorCredentials();
        const conditionLog = ConditionLog.create(ctx.logger);
        const deadline = Date.now() + timeoutSeconds * 1000;
        let last: Store | undefined;

        for (;;) {
          throwIfAborted(ctx.signal, storeId);
          const store = await getStore(
            stores,
            storeId,
            credentials,
            ctx.logger,
          );
          if (store) {
            last = store;
            conditionLog.observe(store);
            if (
              store.phase === 'ready' &&
              store.observedGeneration >= generation
            ) {
              ctx.output('phase', store.phase);
              if (store.urls.storefront) {
                ctx.output('storefrontUrl', store.urls.storefront);
              }
              if (store.urls.admin) {
                ctx.output('adminUrl', store.urls.admin);
              }
              ctx.logger.info(`Store "${store.name}" is ready`);
              return;
            }
            if (store.phase === 'failed') {
              throw new Error(
                `Store "${store.name}" failed: ${
                  store.failureReason || 'the stores backend gave no reason'
                }`,
              );
            }
            if (store.phase === 'deleting') {
              throw new Error(
                `Store "${store.name}" is being deleted; it will not become ready`,
              );
            }
          }
          const remaining = deadline - Date.now();
          if (remaining <= 0) {
            throw new Error(
              `Timed out after ${timeoutSeconds}s waiting for store "${
                last?.name ?? storeId
              }" to become ready; it is still ${last?.phase ?? 'unknown'}${
                last ? pendingConditions(last) : ''
              }`,
            );
          }
          try {
            await sleep(Math.min(intervalMs, remaining), undefined, {
              signal: ctx.signal,
            });
          } catch {
            throwIfAborted(ctx.signal, storeId);
          }
        }
      } catch (error) {
        throw toTaskError(error, {
          action: 'stores:wait',
          logger: options.logger,
          taskId: ctx.task?.id,
        });
      }
    },
  });
}

/**
 * One look at the store. Undefined when the backend could not answer for a
 * reason that may pass (5xx, network): the wait goes on until its timeout.
 */
async function getStore(
  stores: StoresService,
  storeId: string,
  credentials: BackstageCredentials,
  logger: LoggerService,
): Promise<Store | undefined> {
  try {
    return await stores.getStore(storeId, { credentials });
  } catch (error) {
    if (isNotFoundError(error)) {
      throw new Error(
        `Store ${storeId} no longer exists; it was deleted while waiting for it to become ready`,
      );
    }
    if (error instanceof ResponseError && error.response.status < 500) {
      throw toActionError(error, `read store ${storeId}`);
    }
    logger.warn(
      `Could not read store ${storeId}, trying again: ${stringifyError(error)}`,
    );
    return undefined;
  }
}

function throwIfAborted(signal: AbortSignal | undefined, storeId: string) {
  if (signal?.aborted) {
    throw new Error(
      `Stopped waiting for store ${storeId}: the task was cancelled`,
    );
  }
}

function pendingConditions(store: Store): string {
  const pending = store.conditions.filter(c => c.status !== 'True');
  if (pending.length === 0) {
    return '';
  }
  return ` (waiting for ${pending
    .map(c => `${c.type}${c.message ? `: ${c.message}` : ''}`)
    .join('; ')})`;
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';

const errorClassesByName: Record<string, new (message?: string) => Error> = {
  InputError,
  NotAllowedError,
  NotFoundError,
  ConflictError,
};

/**
 * Turns an error of the stores client into one whose message is the stores
 * backend's own (for example "Store name must start with a lowercase letter"),
 * so that the task log shows why, not "Request failed with 400 Bad Request".
 * Known error types keep their class, so callers can still tell a 404 apart.
 */
export function toActionError(error: unknown, doing: string): Error {
  if (error instanceof ResponseError) {
    const { name, message } = error.body.error;
    // No cause: it would append "caused by ResponseError: Request failed
    // with 400 Bad Request" to the message the task log shows.
    const text = `Could not ${doing}: ${message}`;
    const ErrorClass = errorClassesByName[name] ?? Error;
    return new ErrorClass(text);
  }
  if (isError(error)) {
    return error;
  }
  return new Error(`Could not ${doing}: ${String(error)}`);
}

/**
 * True when the stores backend answered 404 for the store: the project's one
 * not-found predicate, under the name waitForStore.ts imports.
 */

/** Errors a person caused or can act on: their message is the whole story. */
const EXPECTED_ERRORS = new Set([
  'InputError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
]);

/**
 * An absolute file path (`/work/app/src/x.ts`, `C:\app\x.js`) that stands
 * on its own, not the path of a URL.
 */
const FILE_PATH =
  /(^|[\s('"`=])(?:[A-Za-z]:\\|\/)(?:[^\s/\\'"`()]+[/\\])+[^\s/\\'"`():]+(?::\d+)*/g;

/**
 * An error's message as one line a person can read: the first line only,
 * file paths of the server replaced.
 */
export function readableMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine =
    message
      .split('\n')
      .map(line => line.trim())
      .find(Boolean) ?? 'Unknown error';
  return firstLine.replace(FILE_PATH, '$1<server path>');
}

/**
 * The error an action rethrows so that the task log shows one clear line.
 * The scaffolder writes a failed step's `error.stack` to the task log, which
 * for any Node error is the message followed by the call stack with the
 * server's file paths. This keeps the error's class and readable message,
 * gives it a stack of that one line, and leaves the whole error to the
 * server's log: at debug for the errors a person can act on (refusals,
 * invalid input), as a warning for the unexpected ones.
 */
export function toTaskError(
  error: unknown,
  options: { action: string; logger?: LoggerService; taskId?: string },
): Error {
  const original = isError(error) ? error : new Error(String(error));
  const meta = { action: options.action, taskId: options.taskId };
  if (EXPECTED_ERRORS.has(original.name)) {
    options.logger?.debug(`${options.action} failed: ${original.message}`, {
      ...meta,
      stack: original.stack,
    });
  } else {
    options.logger?.warn(`${options.action} failed`, original);
  }
  const clean: Error = Object.create(Object.getPrototypeOf(original));
  const message = readableMessage(original);
  Object.defineProperties(clean, {
    name: { value: original.name, writable: true, configurable: true },
    message: { value: message, writable: true, configurable: true },
    stack: {
      value: `${original.name}: ${message}`,
      writable: true,
      configurable: true,
    },
  });
  return clean;
}

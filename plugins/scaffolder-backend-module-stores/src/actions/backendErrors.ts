import {
  ConflictError,
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';
import { isNotFoundError } from '@internal/plugin-stores-common';

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
export const isStoreNotFound = isNotFoundError;

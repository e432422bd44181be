import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { PayloadTooLargeError } from '../errors';

/*
 * Request parsing shared by the route handlers in ./routes.
 */

/** Largest JSON body the API accepts; a create request is well under 2kb. */
export const MAX_BODY_SIZE = '64kb';

/**
 * body-parser reports its failures with an HTTP status but as plain errors;
 * answer them as @backstage/errors types with messages that do not echo the
 * body back (a parse error message quotes part of the input).
 */
export const translateBodyParserErrors: ErrorRequestHandler = (
  error,
  _req,
  _res,
  next,
) => {
  switch (error?.type) {
    case 'entity.too.large':
      next(
        new PayloadTooLargeError(
          `Request body is larger than the ${MAX_BODY_SIZE} this API accepts`,
        ),
      );
      return;
    case 'entity.parse.failed':
      next(new InputError('Request body is not valid JSON'));
      return;
    case 'charset.unsupported':
    case 'encoding.unsupported':
      next(new InputError('Request body must be UTF-8 encoded JSON'));
      return;
    default:
      next(error);
  }
};

/**
 * Every body this API takes is a JSON object; anything else (an array, a
 * string) is refused before the spec's validator, with the API's own words.
 */
export const requireObjectBody: RequestHandler = (req, _res, next) => {
  if (req.body !== undefined && !isPlainObject(req.body)) {
    next(new InputError('Request body must be a JSON object'));
    return;
  }
  next();
};

/** Parses with zod; every problem goes into one InputError message. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: 'body' | 'query',
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map(issue => {
      const path = issue.path.join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    throw new InputError(`Invalid request ${where}: ${problems.join('; ')}`);
  }
  return result.data;
}

export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The user behind the request, or the calling service when there is none. */
export function principalRef(credentials: BackstageCredentials): string {
  const principal = credentials.principal as
    | { type: 'user'; userEntityRef: string }
    | { type: 'service'; subject: string };
  return principal.type === 'user'
    ? principal.userEntityRef
    : principal.subject;
}

import { CustomErrorBase } from '@backstage/errors';

/*
 * @backstage/errors has no class for these two statuses. They extend its
 * CustomErrorBase and carry `statusCode`, which the backend's error handler
 * (MiddlewareFactory.error) reads before falling back to the error's name.
 */

/** The caller made too many requests of one kind in a short time (HTTP 429). */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;
}

/** The request body is larger than the route accepts (HTTP 413). */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  readonly statusCode = 413;
}

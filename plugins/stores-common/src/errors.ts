import { ResponseError } from '@backstage/errors';

/**
 * Whether `error` says that the thing asked for does not exist, whichever
 * client threw it. Recognised by shape, so that this package needs none of
 * them:
 *
 * - `NotFoundError` of `@backstage/errors` (by name);
 * - `ResponseError` of `@backstage/errors` (what the stores client and other
 *   Backstage clients throw), or any error with a `response` answering 404;
 * - `ApiException` of `@kubernetes/client-node` (`code` 404), and errors with
 *   a numeric `statusCode` 404.
 */
export function isNotFoundError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const e = error as {
    name?: unknown;
    code?: unknown;
    statusCode?: unknown;
    response?: { status?: unknown } | null;
  };
  return (
    e.name === 'NotFoundError' ||
    e.code === 404 ||
    e.statusCode === 404 ||
    e.response?.status === 404
  );
}

/**
 * The openapi-fetch middleware of both stores API clients (stores-node's and
 * the frontend's): a non-2xx answer is thrown as a `ResponseError` carrying
 * the backend's error, as Backstage clients do. Shaped like openapi-fetch's
 * `Middleware`, so this package needs no openapi-fetch.
 */
export const throwResponseErrors = {
  async onResponse({ response }: { response: Response }): Promise<undefined> {
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return undefined;
  },
};

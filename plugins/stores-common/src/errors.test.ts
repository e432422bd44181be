import { NotFoundError, ResponseError } from '@backstage/errors';
import { isNotFoundError } from './errors';

async function responseError(status: number) {
  return ResponseError.fromResponse(
    new Response(JSON.stringify({ error: { name: 'X', message: 'x' } }), {
      status,
      headers: { 'Content-Type': 'application/json' },
    }) as any,
  );
}

/** The shape of @kubernetes/client-node's ApiException. */
class ApiException extends Error {
  constructor(readonly code: number) {
    super(`HTTP-Code: ${code}`);
  }
}

describe('isNotFoundError', () => {
  it('recognises a not-found from each client', async () => {
    expect(isNotFoundError(new NotFoundError('gone'))).toBe(true);
    expect(isNotFoundError(await responseError(404))).toBe(true);
    expect(isNotFoundError(new ApiException(404))).toBe(true);
    expect(isNotFoundError({ statusCode: 404 })).toBe(true);
  });

  it('is false for anything else', async () => {
    expect(isNotFoundError(await responseError(500))).toBe(false);
    expect(isNotFoundError(new ApiException(409))).toBe(false);
    expect(isNotFoundError(new Error('not found'))).toBe(false);
    expect(
      isNotFoundError(Object.assign(new Error(), { code: 'ENOENT' })),
    ).toBe(false);
    expect(isNotFoundError(undefined)).toBe(false);
    expect(isNotFoundError('NotFoundError')).toBe(false);
  });
});

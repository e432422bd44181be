import { mockServices } from '@backstage/backend-test-utils';
import { InputError, NotFoundError } from '@backstage/errors';
import { readableMessage, toTaskError } from './backendErrors';

describe('readableMessage', () => {
  it.each([
    [
      'Store name must start with a lowercase letter',
      'Store name must start with a lowercase letter',
    ],
    ['first line\n    at x (/work/main/src/a.ts:1:2)', 'first line'],
    ["open '/srv/app/certs/ca.pem'", "open '<server path>'"],
    [
      'failed at /usr/lib/node/x.js:12:5 today',
      'failed at <server path> today',
    ],
    ['C:\\app\\x.js broke', '<server path> broke'],
    // URLs stay: they tell the person where the portal tried to reach.
    [
      'connect ECONNREFUSED 127.0.0.1:7007 (http://localhost:7007/api/stores/stores)',
      'connect ECONNREFUSED 127.0.0.1:7007 (http://localhost:7007/api/stores/stores)',
    ],
    ['', 'Unknown error'],
  ])('%j → %j', (message, readable) => {
    expect(readableMessage(new Error(message))).toBe(readable);
  });
});

describe('toTaskError', () => {
  it('keeps the class and message, with a one-line stack', () => {
    const logger = mockServices.logger.mock();
    const original = new NotFoundError('No store named "x" exists');

    const error = toTaskError(original, { action: 'stores:delete', logger });

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.name).toBe('NotFoundError');
    expect(error.message).toBe('No store named "x" exists');
    expect(error.stack).toBe('NotFoundError: No store named "x" exists');
    expect(logger.debug).toHaveBeenCalledWith(
      'stores:delete failed: No store named "x" exists',
      expect.objectContaining({ stack: original.stack }),
    );
  });

  it('logs an unexpected error whole as a warning', () => {
    const logger = mockServices.logger.mock();
    const original = new Error('boom');

    const error = toTaskError(original, { action: 'stores:create', logger });

    expect(error.stack).toBe('Error: boom');
    expect(logger.warn).toHaveBeenCalledWith('stores:create failed', original);
  });

  it('turns a thrown non-error into an Error', () => {
    const error = toTaskError('just a string', { action: 'stores:wait' });
    expect(error).toBeInstanceOf(Error);
    expect(error.stack).toBe('Error: just a string');
    expect(toTaskError(new InputError('x'), { action: 'a' })).toBeInstanceOf(
      InputError,
    );
  });
});

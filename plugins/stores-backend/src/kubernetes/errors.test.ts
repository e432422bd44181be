import { isPermanent, isQuotaExceeded } from './errors';

/** An error as @kubernetes/client-node's ApiException carries it. */
function apiError(code: number, message: string) {
  return Object.assign(new Error(`HTTP-Code: ${code}`), {
    code,
    body: JSON.stringify({ kind: 'Status', message }),
  });
}

describe('isQuotaExceeded', () => {
  it('is the quota admission refusing a request, which a later try may pass', () => {
    const refused = apiError(
      403,
      'persistentvolumeclaims "data-db-0" is forbidden: exceeded quota: store, requested: requests.storage=8Gi, used: requests.storage=4Gi, limited: requests.storage=10Gi',
    );
    expect(isQuotaExceeded(refused)).toBe(true);
    // Still a 403: callers decide that it is worth another try.
    expect(isPermanent(refused)).toBe(true);
  });

  it('is not any other refusal', () => {
    expect(
      isQuotaExceeded(
        apiError(
          403,
          'persistentvolumeclaims "data-db-0" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
        ),
      ),
    ).toBe(false);
    expect(isQuotaExceeded(apiError(422, 'exceeded quota'))).toBe(false);
    expect(isQuotaExceeded(new Error('exceeded quota'))).toBe(false);
  });
});

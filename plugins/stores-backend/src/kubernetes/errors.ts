/** Classifies errors from @kubernetes/client-node (ApiException carries `code`). */

export function statusCodeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown; statusCode?: unknown } | undefined)
    ?.code;
  if (typeof code === 'number') {
    return code;
  }
  const statusCode = (error as { statusCode?: unknown } | undefined)
    ?.statusCode;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

export function isAlreadyExists(error: unknown): boolean {
  return statusCodeOf(error) === 409;
}

/**
 * A 403 from the ResourceQuota admission: the namespace's quota does not
 * hold the request. The API server judges it against its own cache of the
 * quota, which can still hold the old limits right after the quota was
 * raised (a plan change raises the quota, then grows the claims).
 */
export function isQuotaExceeded(error: unknown): boolean {
  return (
    statusCodeOf(error) === 403 &&
    /exceeded quota/.test(describeKubernetesError(error))
  );
}

/**
 * Answers that mean our request is wrong (invalid object, forbidden by
 * admission or RBAC, schema mismatch reported as 500 "failed to create typed
 * patch object"): retrying the same request cannot help.
 */
export function isPermanent(error: unknown): boolean {
  const code = statusCodeOf(error);
  if (code === 400 || code === 403 || code === 422) {
    return true;
  }
  return (
    code === 500 &&
    /failed to create typed patch object/.test(
      String((error as { body?: unknown })?.body ?? (error as Error)?.message),
    )
  );
}

/** A short, secret-free description of an API error for events and logs. */
export function describeKubernetesError(error: unknown): string {
  const code = statusCodeOf(error);
  const body = (error as { body?: unknown })?.body;
  let message: string | undefined;
  if (body && typeof body === 'object' && 'message' in body) {
    message = String((body as { message: unknown }).message);
  } else if (typeof body === 'string') {
    try {
      message = JSON.parse(body).message;
    } catch {
      message = body.slice(0, 300);
    }
  }
  if (!message) {
    message = (error as Error)?.message?.split('\n')[0] ?? String(error);
  }
  return code ? `HTTP ${code}: ${message}` : message;
}

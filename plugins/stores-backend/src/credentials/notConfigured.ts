import { ServiceUnavailableError } from '@backstage/errors';
import type { StoreCredentialsAdmin } from './types';

/**
 * With `stores.reconciler.enabled: false` the backend has no cluster
 * access, and the credentials live in the cluster: both routes answer 503.
 */
export class NoClusterCredentials implements StoreCredentialsAdmin {
  async read(): Promise<never> {
    throw unavailable();
  }

  async rotate(): Promise<never> {
    throw unavailable();
  }
}

function unavailable() {
  return new ServiceUnavailableError(
    'Store credentials live in the cluster, and no reconciler runs in this backend (stores.reconciler.enabled: false)',
  );
}

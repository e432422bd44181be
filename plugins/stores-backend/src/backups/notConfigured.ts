import { ServiceUnavailableError } from '@backstage/errors';
import type { StoreBackupsAdmin } from './types';

/**
 * With `stores.reconciler.enabled: false` the backend has no cluster
 * access, and backups are Jobs in the cluster: the routes answer 503.
 */
export class NoClusterBackups implements StoreBackupsAdmin {
  async list(): Promise<never> {
    throw unavailable();
  }

  async get(): Promise<never> {
    throw unavailable();
  }

  async start(): Promise<never> {
    throw unavailable();
  }
}

function unavailable() {
  return new ServiceUnavailableError(
    'Store backups are Jobs in the cluster, and no reconciler runs in this backend (stores.reconciler.enabled: false)',
  );
}

import { ServiceUnavailableError } from '@backstage/errors';
import type { ClusterHealth } from '../types';
import { describeKubernetesError } from './errors';
import type { KubernetesClient } from './KubernetesClient';

/** Readiness of the cluster for the backend's health route: GET /version answers. */
export class KubernetesClusterHealth implements ClusterHealth {
  readonly #client: KubernetesClient;

  static create(options: { client: KubernetesClient }) {
    return new KubernetesClusterHealth(options.client);
  }

  private constructor(client: KubernetesClient) {
    this.#client = client;
  }

  async check(): Promise<void> {
    try {
      await this.#client.version();
    } catch (error) {
      throw new ServiceUnavailableError(
        `Kubernetes API server is not reachable: ${describeKubernetesError(
          error,
        )}`,
      );
    }
  }
}

import { ConflictError } from '@backstage/errors';
import { STORE_ID_LABEL, type Store } from '@internal/plugin-stores-common';
import type {
  KubeObject,
  KubernetesClient,
} from '../kubernetes/KubernetesClient';
import type { PlanChangeCheck } from '../types';
import {
  compareQuantities,
  isClaimOf,
  type PlannedVolume,
  requestedStorage,
} from './volumes';

/**
 * Before a plan change that grows volumes is accepted: every live claim it
 * would grow must be Bound and of a StorageClass with
 * `allowVolumeExpansion: true`, or the API server would reject the resize
 * half-way through the change. Asks the API server (a list of the store's
 * claims and a get per StorageClass): this runs once per plan change.
 */
export class VolumeExpansionCheck implements PlanChangeCheck {
  readonly #client: KubernetesClient;

  static create(options: { client: KubernetesClient }) {
    return new VolumeExpansionCheck(options.client);
  }

  private constructor(client: KubernetesClient) {
    this.#client = client;
  }

  async checkVolumeGrowth(
    store: Store,
    planned: PlannedVolume[],
  ): Promise<void> {
    if (!planned.length) {
      return;
    }
    const { items: claims } = await this.#client.list({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      namespace: store.namespace,
      labelSelector: `${STORE_ID_LABEL}=${store.id}`,
    });
    const classes = new Map<string, KubeObject | undefined>();
    const problems: string[] = [];
    for (const claim of claims) {
      const volume = planned.find(v => isClaimOf(v, claim.metadata.name));
      if (!volume) {
        continue;
      }
      const spec = claim.spec as Record<string, any> | undefined;
      const order = compareQuantities(volume.size, requestedStorage(spec));
      if (order === 0) {
        continue;
      }
      const what = `volume ${claim.metadata.name} (${requestedStorage(
        spec,
      )} to ${volume.size})`;
      if (order < 0) {
        // The live claim outgrew the plan (the plan's sizes were edited).
        problems.push(`${what} would shrink, and volumes can only grow`);
        continue;
      }
      const phase = (claim.status as { phase?: string } | undefined)?.phase;
      if (phase !== 'Bound') {
        problems.push(
          `${what} is ${
            phase ?? 'Pending'
          }; only a bound volume can grow, try again once the store is ready`,
        );
        continue;
      }
      const className: string | undefined = spec?.storageClassName;
      if (!className) {
        problems.push(`${what} has no StorageClass, so it cannot be expanded`);
        continue;
      }
      if (!classes.has(className)) {
        classes.set(
          className,
          await this.#client.read({
            apiVersion: 'storage.k8s.io/v1',
            kind: 'StorageClass',
            metadata: { name: className },
          }),
        );
      }
      const storageClass = classes.get(className);
      if (!storageClass) {
        problems.push(
          `${what}: its StorageClass "${className}" does not exist`,
        );
      } else if (
        (storageClass as { allowVolumeExpansion?: boolean })
          .allowVolumeExpansion !== true
      ) {
        problems.push(
          `${what}: StorageClass "${className}" does not allow volume expansion (allowVolumeExpansion is not true)`,
        );
      }
    }
    if (problems.length) {
      throw new ConflictError(
        `The plan change was refused and nothing was changed: ${problems.join(
          '; ',
        )}. Choose a plan with the same volume sizes or ask the platform team`,
      );
    }
  }
}

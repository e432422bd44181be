import {
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  STORE_ID_LABEL,
  STORE_INSTANCE_LABEL,
} from '@internal/plugin-stores-common';
import type { KubeObject } from './KubernetesClient';

/** Who a live object belongs to, from this store's point of view. */
export type Ownership =
  /** Carries this store's id and this portal's instance id. */
  | 'owned'
  /**
   * Carries this store's id and our managed-by label but no instance id:
   * written before instance ids existed. Adopted (the next apply adds the
   * instance label).
   */
  | 'legacy'
  /** Anything else: never modified or deleted. */
  | 'foreign';

export interface Owner {
  storeId: string;
  instanceId: string;
}

/** Compares the labels of a live object with the store and portal instance. */
export function ownershipOf(live: KubeObject, owner: Owner): Ownership {
  const labels = live.metadata.labels ?? {};
  if (
    labels[STORE_ID_LABEL] !== owner.storeId ||
    labels[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE
  ) {
    return 'foreign';
  }
  const instance = labels[STORE_INSTANCE_LABEL];
  if (instance === owner.instanceId) {
    return 'owned';
  }
  return instance === undefined ? 'legacy' : 'foreign';
}

/** The labels every object the reconciler writes carries, whatever the engine rendered. */
export function withOwnerLabels(object: KubeObject, owner: Owner): KubeObject {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: {
        ...object.metadata.labels,
        [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
        [STORE_ID_LABEL]: owner.storeId,
        [STORE_INSTANCE_LABEL]: owner.instanceId,
      },
    },
  };
}

/** For `NameTaken`: which object, and whose it is by its labels. */
export function describeForeign(live: KubeObject): string {
  const labels = live.metadata.labels ?? {};
  const where = live.metadata.namespace
    ? `${live.metadata.namespace}/${live.metadata.name}`
    : live.metadata.name;
  const owner = labels[STORE_ID_LABEL]
    ? `store ${labels[STORE_ID_LABEL]} of portal instance ${
        labels[STORE_INSTANCE_LABEL] ?? '(none)'
      }`
    : 'nobody the stores portal knows (no store id label)';
  return `${live.kind} ${where} already exists and belongs to ${owner}`;
}

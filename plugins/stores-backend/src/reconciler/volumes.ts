import type { RenderedObject, Store } from '@internal/plugin-stores-common';
import type {
  EngineSettings,
  StoreEngine,
  StorePlan,
} from '@internal/plugin-stores-node';

/*
 * The store's volumes as a plan renders them, to compare two plans (a plan
 * change may grow volumes, never shrink them) and to find the live claims a
 * change would grow. A standalone PersistentVolumeClaim is one claim; a
 * StatefulSet's volumeClaimTemplate stands for the claims its controller
 * makes, named `<template>-<set>-<ordinal>`.
 */

/** One volume of the store and the size the plan gives it. */
export interface PlannedVolume {
  /** The claim's name, or for a StatefulSet's template the claims' prefix. */
  name: string;
  /** Set for a StatefulSet's template: its claims end in `-<ordinal>`. */
  statefulSet?: string;
  size: string;
}

/** The volumes the engine renders for `store` on `plan`. */
export function plannedVolumes(
  engine: StoreEngine,
  store: Store,
  plan: StorePlan,
  settings: EngineSettings,
): PlannedVolume[] {
  const objects = engine
    .stages({ store, namespace: store.namespace, plan, settings })
    .flatMap(stage => stage.objects);
  return objects.flatMap(volumesOf);
}

function volumesOf(object: RenderedObject): PlannedVolume[] {
  const spec = (object.spec ?? {}) as Record<string, any>;
  if (object.kind === 'PersistentVolumeClaim') {
    return [{ name: object.metadata.name, size: requestedStorage(spec) }];
  }
  if (object.kind === 'StatefulSet') {
    return ((spec.volumeClaimTemplates ?? []) as RenderedObject[]).map(
      template => ({
        name: `${template.metadata.name}-${object.metadata.name}`,
        statefulSet: object.metadata.name,
        size: requestedStorage(template.spec as Record<string, any>),
      }),
    );
  }
  return [];
}

/** `spec.resources.requests.storage` of a claim (or template) spec. */
export function requestedStorage(spec: Record<string, any> | undefined) {
  return String(spec?.resources?.requests?.storage ?? '0');
}

/** Whether a live claim of this name is (one of) the planned volume's. */
export function isClaimOf(volume: PlannedVolume, claimName: string): boolean {
  if (!volume.statefulSet) {
    return claimName === volume.name;
  }
  const ordinal = claimName.slice(volume.name.length + 1);
  return claimName.startsWith(`${volume.name}-`) && /^\d+$/.test(ordinal);
}

/** The plan's volumes that `to` makes smaller than `from`, by name. */
export function shrunkVolumes(
  from: StorePlan,
  to: StorePlan,
): Array<{ volume: string; from: string; to: string }> {
  const volumes = [
    ['database', 'databaseStorage'],
    ['content', 'contentStorage'],
  ] as const;
  return volumes
    .filter(([, key]) => compareQuantities(to[key], from[key]) < 0)
    .map(([volume, key]) => ({ volume, from: from[key], to: to[key] }));
}

const SUFFIXES: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/**
 * A storage quantity in bytes, for comparing sizes (plans are checked
 * against the same pattern in config.ts). @kubernetes/client-node's
 * quantityToScalar is not exported from its entry point and throws on
 * decimals with a suffix (`1.5Gi`), which plans may use.
 */
export function storageBytes(quantity: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)([a-zA-Z]*)$/.exec(quantity.trim());
  const factor = match ? SUFFIXES[match[2]] : undefined;
  if (!match || factor === undefined) {
    throw new Error(`Not a storage quantity: "${quantity}"`);
  }
  return Number(match[1]) * factor;
}

/** Negative, zero or positive as `a` is smaller than, equal to or larger than `b`. */
export function compareQuantities(a: string, b: string): number {
  return Math.sign(storageBytes(a) - storageBytes(b));
}

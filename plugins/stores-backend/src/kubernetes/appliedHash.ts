import { createHash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import type { KubeObject } from './KubernetesClient';

/**
 * Annotation holding a hash of the desired object last applied. When the live
 * object carries the hash of what we would apply now, the apply is skipped:
 * server-side apply of an unchanged object writes nothing to storage, but it
 * is still a request, and a steady-state resync must send none.
 */
export const APPLIED_HASH_ANNOTATION = 'stores.backstage.io/applied-hash';

/** The desired object with its hash annotation set. */
export function withAppliedHash(desired: KubeObject): KubeObject {
  const hash = hashOf(desired);
  return {
    ...desired,
    metadata: {
      ...desired.metadata,
      annotations: {
        ...desired.metadata.annotations,
        [APPLIED_HASH_ANNOTATION]: hash,
      },
    },
  };
}

/** True when the live object was last applied from exactly this desired object. */
export function isUpToDate(desired: KubeObject, live: KubeObject): boolean {
  return (
    live.metadata.annotations?.[APPLIED_HASH_ANNOTATION] === hashOf(desired)
  );
}

export function hashOf(desired: KubeObject): string {
  const { [APPLIED_HASH_ANNOTATION]: _ignored, ...annotations } =
    desired.metadata.annotations ?? {};
  const normalized = {
    ...desired,
    metadata: { ...desired.metadata, annotations },
  };
  // Keys sorted, so equal objects hash equally whatever their key order.
  return createHash('sha256')
    .update(stableStringify(normalized))
    .digest('hex')
    .slice(0, 32);
}

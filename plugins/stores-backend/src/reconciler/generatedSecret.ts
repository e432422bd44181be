import { randomBytes } from 'node:crypto';
import type { GeneratedSecretSpec } from '@internal/plugin-stores-node';
import { isAlreadyExists } from '../kubernetes/errors';
import type { KubeObject } from '../kubernetes/KubernetesClient';
import { redact } from '../kubernetes/ManagedObjectCache';
import type { Owner } from '../kubernetes/ownership';
import type { ReconcileDeps } from './reconcileDeps';
import { assertOwned } from './syncObject';

/** Reason of the Secret stage's condition once the generated Secret is gone. */
export const CREDENTIALS_LOST = 'CredentialsLost';

/** True for the engine's generated Secret, which is created once and never applied. */
export function isGeneratedSecret(
  object: KubeObject,
  spec: GeneratedSecretSpec,
): boolean {
  return object.kind === 'Secret' && object.metadata.name === spec.name;
}

export type GeneratedSecretState =
  | { state: 'present'; live: KubeObject; created: boolean }
  /** It existed and is gone: its values are lost, and are never made again. */
  | { state: 'lost' };

/**
 * The generated Secret: created once with random values, never applied,
 * never overwritten and never made again. Once it has existed
 * (`existedBefore`: its stage held, or it was already reported lost) an
 * absence in the watch cache is confirmed with one read and then reported
 * as `lost`: new random values would not match what the database volume
 * was initialised with. Returns the object without its values.
 */
export async function ensureGeneratedSecret(
  deps: Pick<ReconcileDeps, 'client'>,
  desired: KubeObject,
  spec: GeneratedSecretSpec,
  cached: KubeObject | undefined,
  existedBefore: boolean,
  owner: Owner,
): Promise<GeneratedSecretState> {
  if (cached) {
    assertOwned(cached, owner);
    return { state: 'present', live: cached, created: false };
  }
  if (existedBefore) {
    return confirm(deps, desired, owner);
  }
  try {
    await deps.client.create({
      ...desired,
      metadata: {
        ...desired.metadata,
        labels: { ...desired.metadata.labels, ...spec.labels },
      },
      type: 'Opaque',
      data: randomValues(spec),
    });
    return { state: 'present', live: withoutValues(desired), created: true };
  } catch (error) {
    if (!isAlreadyExists(error)) {
      throw error;
    }
  }
  // The cache had not seen it yet, or it is not ours (and so not watched).
  return confirm(deps, desired, owner);
}

async function confirm(
  deps: Pick<ReconcileDeps, 'client'>,
  desired: KubeObject,
  owner: Owner,
): Promise<GeneratedSecretState> {
  const live = await deps.client.read(desired);
  if (!live) {
    return { state: 'lost' };
  }
  redact(live);
  assertOwned(live, owner);
  return { state: 'present', live, created: false };
}

function randomValues(spec: GeneratedSecretSpec): Record<string, string> {
  const data: Record<string, string> = {};
  for (const key of spec.keys) {
    data[key] = Buffer.from(randomBytes(24).toString('base64url')).toString(
      'base64',
    );
  }
  return data;
}

function withoutValues(desired: KubeObject): KubeObject {
  return {
    apiVersion: desired.apiVersion,
    kind: desired.kind,
    metadata: { ...desired.metadata },
  };
}

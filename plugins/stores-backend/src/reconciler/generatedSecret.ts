import { randomBytes } from 'node:crypto';
import type { GeneratedSecretSpec } from '@internal/plugin-stores-node';
import { isAlreadyExists } from '../kubernetes/errors';
import type { KubeObject } from '../kubernetes/KubernetesClient';
import type { ReconcileDeps } from './reconcileDeps';

/** True for the engine's generated Secret, which is created once and never applied. */
export function isGeneratedSecret(
  object: KubeObject,
  spec: GeneratedSecretSpec,
): boolean {
  return object.kind === 'Secret' && object.metadata.name === spec.name;
}

/**
 * Creates the generated Secret with random values; a 409 means it exists,
 * which is all a generated Secret needs. Never applied, never overwritten.
 * Returns the object without its values.
 */
export async function createGeneratedSecret(
  deps: Pick<ReconcileDeps, 'client'>,
  desired: KubeObject,
  spec: GeneratedSecretSpec,
): Promise<KubeObject> {
  const data: Record<string, string> = {};
  for (const key of spec.keys) {
    data[key] = Buffer.from(randomBytes(24).toString('base64url')).toString(
      'base64',
    );
  }
  try {
    await deps.client.create({
      ...desired,
      metadata: {
        ...desired.metadata,
        labels: { ...desired.metadata.labels, ...spec.labels },
      },
      type: 'Opaque',
      data,
    });
  } catch (error) {
    if (!isAlreadyExists(error)) {
      throw error;
    }
  }
  return {
    apiVersion: desired.apiVersion,
    kind: desired.kind,
    metadata: { ...desired.metadata },
  };
}

import type { RenderedObject } from '@internal/plugin-stores-common';

export const REDACTED = '<redacted>';

/**
 * Copies rendered objects with every Secret's values replaced, for dry runs:
 * the keys show what would be created, the values never leave the backend.
 */
export function redactSecrets(objects: RenderedObject[]): RenderedObject[] {
  return objects.map(object => {
    if (object.kind !== 'Secret') {
      return object;
    }
    const copy: RenderedObject = { ...object };
    for (const field of ['data', 'stringData'] as const) {
      const values = object[field];
      if (values && typeof values === 'object') {
        copy[field] = Object.fromEntries(
          Object.keys(values).map(key => [key, REDACTED]),
        );
      }
    }
    return copy;
  });
}

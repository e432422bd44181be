import {
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * The form the stores keep owner refs in: `kind:namespace/name`, the
 * namespace `default` when missing, all lowercase. Entity refs compare
 * case-insensitively, SQL compares exactly; one form makes both agree.
 * Throws when `ref` has no kind and `defaultKind` is not given.
 */
export function normalizeOwnerRef(
  ref: string,
  options?: { defaultKind?: string },
): string {
  return stringifyEntityRef(
    parseEntityRef(ref.trim(), {
      defaultKind: options?.defaultKind,
      defaultNamespace: DEFAULT_NAMESPACE,
    }),
  ).toLocaleLowerCase('en-US');
}

/**
 * The ref of the catalog entity the catalog module makes for a store: a
 * Resource in the default namespace, named after the store.
 */
export function storeEntityRef(storeName: string): string {
  return stringifyEntityRef({
    kind: 'Resource',
    namespace: DEFAULT_NAMESPACE,
    name: storeName,
  });
}

/**
 * Store name rules. A name becomes a DNS label (the namespace `store-<name>`,
 * the host `<name>.<baseDomain>`) and a catalog entity name, so it must be a
 * DNS-1123 label that starts with a letter and leaves room for the prefix.
 */

export const STORE_NAME_MIN_LENGTH = 3;
/** 63 (DNS label) minus the `store-` namespace prefix. */
export const STORE_NAME_MAX_LENGTH = 57;
/** Same rules as {@link validateStoreName}, for JSON-schema forms. */
export const STORE_NAME_PATTERN = '^[a-z]([-a-z0-9]*[a-z0-9])?$';

/** Names that would be confusing or collide with platform hosts. */
export const RESERVED_STORE_NAMES: readonly string[] = [
  'admin',
  'api',
  'app',
  'backstage',
  'default',
  'kube',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'localhost',
  'portal',
  'store',
  'stores',
  'system',
  'www',
];

/**
 * Returns why `name` is not a valid store name, or undefined when it is.
 * Messages are meant for the person who typed the name.
 */
export function validateStoreName(name: string): string | undefined {
  if (name.length < STORE_NAME_MIN_LENGTH) {
    return `must be at least ${STORE_NAME_MIN_LENGTH} characters long`;
  }
  if (name.length > STORE_NAME_MAX_LENGTH) {
    return `must be at most ${STORE_NAME_MAX_LENGTH} characters long (it becomes part of a Kubernetes namespace name)`;
  }
  if (!/^[a-z0-9-]+$/.test(name)) {
    return 'may contain only lowercase letters a-z, digits and dashes';
  }
  if (!/^[a-z]/.test(name)) {
    return 'must start with a lowercase letter';
  }
  if (name.endsWith('-')) {
    return 'must not end with a dash';
  }
  if (RESERVED_STORE_NAMES.includes(name) || name.startsWith('kube-')) {
    return `"${name}" is reserved; choose another name`;
  }
  return undefined;
}

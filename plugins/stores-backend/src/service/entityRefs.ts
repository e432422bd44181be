/**
 * Entity refs are case-insensitive and default to the `default` namespace;
 * stores keep owners in this normal form so that SQL comparisons match.
 */
export function normalizeEntityRef(ref: string): string {
  const trimmed = ref.trim().toLowerCase();
  const colon = trimmed.indexOf(':');
  if (colon < 0) {
    return trimmed;
  }
  const kind = trimmed.slice(0, colon);
  const rest = trimmed.slice(colon + 1);
  return rest.includes('/') ? `${kind}:${rest}` : `${kind}:default/${rest}`;
}

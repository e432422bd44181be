import { FIELD_MANAGER } from '@internal/plugin-stores-common';
import { isUpToDate } from './appliedHash';
import type { KubeObject } from './KubernetesClient';

/**
 * A `fieldsV1` set from `metadata.managedFields`: `f:<field>` for a field,
 * `k:<json key>` for an element of a keyed list, `v:<json>` for an element
 * of a set list, `.` for the node itself. An empty node is owned whole
 * (a leaf, an atomic list or struct, an empty map).
 */
export interface FieldSet {
  [key: string]: FieldSet;
}

/** What differs between the desired object and the live one. */
export interface Drift {
  /** The desired object changed since it was last applied (our side). */
  desiredChanged: boolean;
  /**
   * Fields the desired object sets that our field manager no longer owns
   * on the live object: someone changed or removed them (their manager now
   * owns the new value) — `kubectl scale`, `kubectl edit`, a merge patch,
   * an apply by another manager with `--force-conflicts`.
   */
  fields: string[];
}

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  subresource?: string;
  fieldsV1?: FieldSet;
}

/** Metadata the API server keeps out of managedFields (identity, not content). */
const IDENTITY_FIELDS = new Set(['apiVersion', 'kind', 'status']);
const IDENTITY_METADATA = new Set(['name', 'namespace']);

/**
 * Compares a desired object with the live one from the watch cache, without
 * any request: our changes show as a different applied-hash annotation,
 * everybody else's as fields of the desired object that our field manager
 * no longer owns. Server-side apply moves a field's ownership to whoever
 * changes its value, so "we still own it" means "it still has the value we
 * applied". `desired` is the object as it would be applied (with its hash
 * annotation).
 */
export function driftOf(desired: KubeObject, live: KubeObject): Drift {
  const owned = ownedFields(live);
  return {
    desiredChanged: !isUpToDate(desired, live),
    fields: owned
      ? unownedFields(desired, owned, othersFields(live))
      : ['(every field)'],
  };
}

export function hasDrift(drift: Drift): boolean {
  return drift.desiredChanged || drift.fields.length > 0;
}

/**
 * The fields our manager owns on the live object: the union of its entries
 * (`Apply` from server-side apply, `Update` from a create), subresources
 * excluded. Undefined when it owns nothing (an object we never wrote).
 */
export function ownedFields(
  live: KubeObject,
  manager: string = FIELD_MANAGER,
): FieldSet | undefined {
  return unionOf(live, e => e.manager === manager);
}

/** The fields every other manager owns (subresources excluded). */
function othersFields(
  live: KubeObject,
  manager: string = FIELD_MANAGER,
): FieldSet {
  return unionOf(live, e => e.manager !== manager) ?? {};
}

function unionOf(
  live: KubeObject,
  include: (entry: ManagedFieldsEntry) => boolean,
): FieldSet | undefined {
  const entries = (
    (live.metadata.managedFields as ManagedFieldsEntry[] | undefined) ?? []
  ).filter(e => include(e) && !e.subresource && e.fieldsV1);
  if (entries.length === 0) {
    return undefined;
  }
  return entries.reduce<FieldSet>(
    (union, entry) => mergeFieldSets(union, entry.fieldsV1!),
    {},
  );
}

function mergeFieldSets(a: FieldSet, b: FieldSet): FieldSet {
  const merged: FieldSet = { ...a };
  for (const [key, node] of Object.entries(b)) {
    merged[key] = merged[key] ? mergeFieldSets(merged[key], node) : node;
  }
  return merged;
}

/**
 * Paths of the fields `desired` sets that `owned` does not hold, e.g.
 * `spec.replicas`, `metadata.labels["app.kubernetes.io/name"]`,
 * `spec.template.spec.containers[name=wordpress].image`. An empty map or
 * list (`podSelector: {}`) counts only when another manager owns it: a
 * create records no empty values in its entry, an apply does.
 */
export function unownedFields(
  desired: KubeObject,
  owned: FieldSet,
  others: FieldSet = {},
): string[] {
  const content: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(desired)) {
    if (IDENTITY_FIELDS.has(field)) {
      continue;
    }
    content[field] =
      field === 'metadata'
        ? Object.fromEntries(
            Object.entries(desired.metadata).filter(
              ([key]) => !IDENTITY_METADATA.has(key),
            ),
          )
        : value;
  }
  const missing: string[] = [];
  compareMap(content, { owned, others }, '', missing);
  return missing;
}

/** The same place in our field set and in everybody else's. */
interface Nodes {
  owned: FieldSet;
  others?: FieldSet;
}

function child(nodes: Nodes, key: string): Nodes | undefined {
  const owned = nodes.owned[key];
  return owned ? { owned, others: nodes.others?.[key] } : undefined;
}

function compareField(
  field: string,
  value: unknown,
  nodes: Nodes,
  path: string,
  missing: string[],
) {
  if (value === undefined || value === null) {
    return;
  }
  const fieldPath = join(path, field);
  const key = `f:${field}`;
  const next = child(nodes, key);
  if (!next) {
    if (!isEmpty(value) || nodes.others?.[key]) {
      missing.push(fieldPath);
    }
    return;
  }
  compareValue(value, next, fieldPath, missing);
}

function compareValue(
  value: unknown,
  nodes: Nodes,
  path: string,
  missing: string[],
) {
  if (Object.keys(nodes.owned).length === 0) {
    return; // owned whole: a leaf, an atomic list or struct
  }
  if (Array.isArray(value)) {
    compareList(value, nodes, path, missing);
  } else if (isMap(value)) {
    compareMap(value, nodes, path, missing);
  }
}

function compareMap(
  value: Record<string, unknown>,
  nodes: Nodes,
  path: string,
  missing: string[],
) {
  for (const [key, item] of Object.entries(value)) {
    compareField(key, item, nodes, path, missing);
  }
}

/** A keyed list (`k:` entries, e.g. containers by name) or a set (`v:`). */
function compareList(
  items: unknown[],
  nodes: Nodes,
  path: string,
  missing: string[],
) {
  const keyed = Object.keys(nodes.owned)
    .filter(key => key.startsWith('k:'))
    .map(key => ({ key, fields: parseJson(key.slice(2)) }));
  for (const item of items) {
    if (isMap(item)) {
      const match = keyed.find(
        k => k.fields && keyMatches(k.fields, item as Record<string, unknown>),
      );
      const label = itemLabel(item, keyed[0]?.fields);
      if (!match) {
        missing.push(`${path}[${label}]`);
        continue;
      }
      compareValue(
        item,
        child(nodes, match.key)!,
        `${path}[${label}]`,
        missing,
      );
    } else if (!nodes.owned[`v:${JSON.stringify(item)}`]) {
      missing.push(`${path}[${JSON.stringify(item)}]`);
    }
  }
}

function isEmpty(value: unknown): boolean {
  return Array.isArray(value)
    ? value.length === 0
    : isMap(value) && Object.keys(value).length === 0;
}

/** The element matches when every key field it sets has the key's value (defaults such as `protocol: TCP` may be absent). */
function keyMatches(
  key: Record<string, unknown>,
  item: Record<string, unknown>,
): boolean {
  const present = Object.keys(key).filter(k => item[k] !== undefined);
  return present.length > 0 && present.every(k => item[k] === key[k]);
}

function itemLabel(
  item: Record<string, unknown>,
  keyFields: Record<string, unknown> | undefined,
): string {
  const names = Object.keys(keyFields ?? { name: '' }).filter(
    k => item[k] !== undefined,
  );
  return names.length
    ? names.map(k => `${k}=${String(item[k])}`).join(',')
    : '?';
}

function join(path: string, field: string): string {
  const safe = /^[A-Za-z_][A-Za-z0-9_]*$/.test(field)
    ? field
    : `[${JSON.stringify(field)}]`;
  if (!path) {
    return safe;
  }
  return safe.startsWith('[') ? `${path}${safe}` : `${path}.${safe}`;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(text);
    return isMap(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

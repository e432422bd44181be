import type { BackupRef, Store } from '@internal/plugin-stores-common';
import type { KubeObject } from '../kubernetes/KubernetesClient';

/**
 * Annotation on a store's Namespace: what the portal database knows about
 * the store beyond its labels (display name, engine, plan, options,
 * creator, the backup it was restored from), as JSON. With it, a store
 * whose row was lost (a reset portal database) can be restored exactly from
 * the cluster (`POST /orphans/restore`); without it (stores created before
 * it existed) the restore falls back to defaults. No secret is ever in a
 * store's options.
 */
export const STORE_RECORD_ANNOTATION = 'stores.backstage.io/store-record';

/** The record as stored in the annotation. */
export interface StoreRecord {
  displayName?: string;
  description?: string;
  engine?: string;
  plan?: string;
  options?: Record<string, unknown>;
  createdBy?: string;
  createdAt?: string;
  /**
   * A store made from a backup renders its restore Job, not a fresh
   * install: a re-created row without it would replace that Job.
   */
  restoredFrom?: BackupRef;
}

/** The Namespace with the store's record annotation; other kinds unchanged. */
export function withStoreRecord(object: KubeObject, store: Store): KubeObject {
  if (object.kind !== 'Namespace') {
    return object;
  }
  const record: StoreRecord = {
    displayName: store.displayName,
    description: store.description,
    engine: store.engine,
    plan: store.plan,
    options: store.options as Record<string, unknown> | undefined,
    createdBy: store.createdBy,
    createdAt: store.createdAt,
    // Last and only when set: the annotation of other stores stays as it was.
    ...(store.restoredFrom ? { restoredFrom: store.restoredFrom } : {}),
  };
  return {
    ...object,
    metadata: {
      ...object.metadata,
      annotations: {
        ...object.metadata.annotations,
        [STORE_RECORD_ANNOTATION]: JSON.stringify(record),
      },
    },
  };
}

/** The record of a live Namespace; empty when absent or unreadable. */
export function readStoreRecord(namespace: KubeObject): StoreRecord {
  const raw = namespace.metadata.annotations?.[STORE_RECORD_ANNOTATION];
  if (!raw) {
    return {};
  }
  try {
    const parsed = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object') {
      return {};
    }
    const { restoredFrom, ...record } = parsed;
    return isBackupRef(restoredFrom) ? { ...record, restoredFrom } : record;
  } catch {
    return {};
  }
}

function isBackupRef(value: unknown): value is BackupRef {
  const ref = value as BackupRef | undefined;
  return typeof ref?.store === 'string' && typeof ref?.backup === 'string';
}

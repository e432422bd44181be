import type {
  Store,
  StoreBackup,
  StoreBackupList,
} from '@internal/plugin-stores-common';

/**
 * The backups of stores, from the backup CronJob's Jobs in each store's
 * namespace. The caller has already been authorized; nothing here reads a
 * Secret (the target's credentials stay in the cluster).
 */
export interface StoreBackupsAdmin {
  /** The store's backups, newest first; 409 when its store has no backups configured. */
  list(store: Store): Promise<StoreBackupList>;
  /** One backup by name; undefined when there is none of that name. */
  get(store: Store, name: string): Promise<StoreBackup | undefined>;
  /**
   * Starts a backup now: a Job from the store's backup CronJob. 409 when the
   * CronJob is not there (yet) or another backup of the store runs.
   */
  start(store: Store, actor: string): Promise<StoreBackup>;
}

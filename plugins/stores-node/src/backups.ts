/*
 * What the portal and the engines agree on about a store's backups
 * (docs/backups.md): where they are configured, what the backup CronJob is
 * called, how its Jobs are found and how a backup Job reports its size.
 */

/** How often a plan's stores are backed up and how many backups are kept. */
export interface BackupPlan {
  /** Cron schedule (5 fields), in UTC. */
  schedule: string;
  /** Succeeded backups kept: older ones are removed from the target. */
  retention: number;
}

/** The built-in `backup` of every plan: daily at 03:00 UTC, the last 7 kept. */
export const DEFAULT_BACKUP_PLAN: BackupPlan = {
  schedule: '0 3 * * *',
  retention: 7,
};

/** Where a store's backups go (`stores.backups.target`). */
export type BackupTarget =
  | {
      /** A volume claim in the store's own namespace. */
      type: 'pvc';
      /** Its size (counted in the plan's quota). */
      storage: string;
    }
  | {
      /** An S3-compatible bucket. */
      type: 's3';
      /** `https://host[:port]` (or `http://` for a bucket inside the cluster). */
      endpoint: string;
      bucket: string;
      region: string;
      /**
       * Name of a Secret in each store's namespace with the keys
       * `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`. Backup and restore
       * pods reference it; the portal never reads it.
       */
      credentialsSecret: string;
      /**
       * Where the endpoint's addresses are, for the backup pods' egress
       * policy; default: any address except `stores.network.internalCidrs`.
       */
      egressCidrs?: string[];
    };

/** `stores.backups` as engines render it; absent: no backups. */
export interface BackupSettings {
  target: BackupTarget;
}

/** The CronJob of every store with backups, in the store's namespace. */
export const BACKUP_CRONJOB_NAME = 'store-backup';

/** `app.kubernetes.io/component` of the backup CronJob, its Jobs and pods. */
export const BACKUP_COMPONENT = 'backup';

/**
 * On a Job made from the CronJob on demand, as `kubectl create job
 * --from=cronjob` sets it.
 */
export const MANUAL_INSTANTIATE_ANNOTATION =
  'cronjob.kubernetes.io/instantiate';

/** Where a backup pod gathers the files before they go to the target. */
export const BACKUP_WORK_DIR = '/backup';

/**
 * The last line of a succeeded backup's termination message: `size=<bytes>`
 * of the files stored.
 */
export const BACKUP_SIZE_PREFIX = 'size=';

/** The prefix of a backup's folder at the target: the store's id. */
export function backupFolder(storeId: string, backup: string): string {
  return `${storeId}/${backup}`;
}

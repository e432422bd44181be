import { z } from 'zod';
import type { components } from './schema/openapi.generated';

type Schemas = components['schemas'];

/*
 * Backups of a store (`GET/POST /stores/:id/backups`) and the restore of one
 * into a new store (`POST /stores` with `fromBackup`). The shapes are the
 * spec's; docs/backups.md says what runs where.
 */

/** One backup, from its Job in the store's namespace. Never carries a secret. */
export type StoreBackup = Schemas['Backup'];
export type StoreBackupState = Schemas['BackupState'];
/** A store's backups, newest first, with its schedule, retention and target kind. */
export type StoreBackupList = Schemas['BackupList'];
/** A backup of a store: the source store (id or name) and the backup's name. */
export type BackupRef = Schemas['BackupRef'];

/** A backup's name: a Job name (DNS-1123 label). */
const backupNameSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'backup must be a backup name as GET /stores/{id}/backups lists it (lowercase letters, digits and dashes)',
  );

/** `fromBackup` of `POST /stores`: unknown fields are refused. */
export const backupRefSchema = z.strictObject({
  store: z.string().trim().min(1).max(63),
  backup: backupNameSchema,
});

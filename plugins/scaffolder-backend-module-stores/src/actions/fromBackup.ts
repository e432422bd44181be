import { InputError } from '@backstage/errors';
import {
  backupRefSchema,
  type BackupRef,
} from '@internal/plugin-stores-common';
import { storeNameOf } from './findStore';

/** `fromBackup` of stores:create as a template gives it. */
export interface FromBackupInput {
  store?: string;
  backup?: string;
}

/**
 * Checks stores:create's `fromBackup` before anything is sent: both parts
 * present, the store given as a name, id or catalog entity ref (sent as the
 * name or id the backend takes), the backup's name by the backend's own
 * rules (`backupRefSchema` of stores-common). Whether the backup exists,
 * succeeded and may be read is the backend's to say.
 */
export function parseFromBackup(
  input: FromBackupInput | undefined,
): BackupRef | undefined {
  if (!input) {
    return undefined;
  }
  const store = input.store?.trim() ?? '';
  const backup = input.backup?.trim() ?? '';
  if (!store) {
    throw new InputError(
      'fromBackup.store is empty: name the store the backup was taken of (its name, id or catalog entity ref)',
    );
  }
  if (!backup) {
    throw new InputError(
      `fromBackup.backup is empty: name the backup of store "${store}" to restore, as its Backups card lists it`,
    );
  }
  const value = { store: storeNameOf(store), backup };
  const parsed = backupRefSchema.safeParse(value);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0].path[0]);
    // Said here rather than with the schema's message, which names an API
    // path the task log would show as a server path.
    throw new InputError(
      field === 'backup'
        ? `fromBackup.backup "${backup}" is not a backup name: 1-63 lowercase letters, digits and dashes, starting and ending with a letter or digit, as the store's Backups card lists it`
        : `fromBackup.store "${value.store}" is not a store name or id: ${parsed.error.issues[0].message}`,
    );
  }
  return parsed.data;
}

import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import {
  storeBackupPermission,
  type BackupRef,
  type ParsedCreateStoreRequest,
  type Store,
} from '@internal/plugin-stores-common';
import type { RouteContext } from './RouteContext';

/*
 * `fromBackup` of `POST /stores`: the new store is bootstrapped from a
 * backup of another store. Checked before anything is written: the portal
 * restores through its S3 target (a claim in the source's namespace cannot
 * be mounted in the new store's: docs/backups.md), the source is a store the
 * caller may read (else 400, as if it did not exist) and back up (else 403),
 * of the same engine, and the backup exists and succeeded.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The checked source of a restore, as the new store records it (the
 * source's id and the backup's name); undefined without `fromBackup`.
 * Sets the request's engine to the source's when the caller gave none.
 */
export async function resolveRestoreSource(
  ctx: RouteContext,
  request: ParsedCreateStoreRequest,
  engineGiven: boolean,
  credentials: BackstageCredentials,
): Promise<BackupRef | undefined> {
  const from = request.fromBackup;
  if (!from) {
    return undefined;
  }
  const target = ctx.options.config.settings.backups?.target;
  if (target?.type !== 's3') {
    throw new ConflictError(
      target
        ? "fromBackup: restoring into a new store needs the s3 backup target (stores.backups.target.type: s3); backups on a claim stay in their store's namespace"
        : 'fromBackup: backups are not configured in this portal (stores.backups.enabled)',
    );
  }
  const source = await findSource(ctx, from.store, credentials);
  await ctx.requirePermission(
    storeBackupPermission,
    'restore the backups of',
    source,
    credentials,
  );
  if (!engineGiven) {
    request.engine = source.engine;
  } else if (request.engine !== source.engine) {
    throw new InputError(
      `fromBackup: store "${source.name}" is a ${source.engine} store; its backups cannot be restored into a ${request.engine} store`,
    );
  }
  const engine = ctx.options.engines.get(request.engine);
  if (engine && !engine.backups?.restorable) {
    throw new InputError(
      `fromBackup: ${request.engine} stores cannot be restored from a backup (their engine has no restore)`,
    );
  }
  const backup = await ctx.options.reconciler.backups.get(source, from.backup);
  if (!backup) {
    throw new InputError(
      `fromBackup.backup: store "${source.name}" has no backup "${from.backup}" (GET /stores/${source.id}/backups lists them)`,
    );
  }
  if (backup.state !== 'succeeded') {
    throw new InputError(
      `fromBackup.backup: backup "${backup.name}" of store "${source.name}" is ${backup.state}; only a succeeded backup can be restored`,
    );
  }
  return { store: source.id, backup: backup.name };
}

/** The source store by id or name, if the caller may read it. */
async function findSource(
  ctx: RouteContext,
  idOrName: string,
  credentials: BackstageCredentials,
): Promise<Store> {
  let id: string | undefined = UUID.test(idOrName) ? idOrName : undefined;
  if (!id) {
    const { items } = await ctx.options.database.listStores({
      text: idOrName,
      limit: 500,
    });
    id = items.find(s => s.name === idOrName)?.id;
  }
  try {
    if (id) {
      return await ctx.loadReadable(id, credentials);
    }
  } catch (error) {
    if ((error as Error).name !== 'NotFoundError') {
      throw error;
    }
  }
  throw new InputError(
    `fromBackup.store: no store "${idOrName}" (by id or name) that you can read`,
  );
}

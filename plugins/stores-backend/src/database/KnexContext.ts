import { ConflictError, NotFoundError } from '@backstage/errors';
import type { Knex } from 'knex';
import { databaseNow } from './leaseClock';
import type { StoreRow } from './rows';

/**
 * What the query functions of KnexStoresDatabase share: the connection,
 * whether row locks are available, and the clock.
 */
export interface KnexContext {
  db: Knex;
  /** PostgreSQL takes row locks (`for update`); SQLite serialises writes. */
  isPostgres: boolean;
  now: () => Date;
}

/** The live store's row, locked for the transaction where the database can. */
export async function liveRowForUpdate(
  ctx: KnexContext,
  tx: Knex.Transaction,
  id: string,
): Promise<StoreRow> {
  const query = tx<StoreRow>('stores').where({ id }).whereNull('deleted_at');
  const row = await (ctx.isPostgres ? query.forUpdate() : query).first();
  if (!row) {
    throw new NotFoundError(`No store with id ${id}`);
  }
  return row;
}

/** As liveRowForUpdate, and `holder` must hold an unexpired lease on it (database clock). */
export async function leasedRowForUpdate(
  ctx: KnexContext,
  tx: Knex.Transaction,
  id: string,
  holder: string,
): Promise<StoreRow> {
  const row = await liveRowForUpdate(ctx, tx, id);
  // Expiry by the database's clock, like the claim (leaseClock.ts).
  const held = await tx('stores')
    .where({ id, lease_holder: holder })
    .where('lease_expires_at', '>=', databaseNow(ctx))
    .first('id');
  if (!held) {
    throw new ConflictError(
      `Lease on store ${id} is not held by ${holder} (holder: ${
        row.lease_holder ?? 'none'
      })`,
    );
  }
  return row;
}

/** The row as it stands after an update in the same transaction. */
export async function rereadRow(
  tx: Knex.Transaction,
  id: string,
): Promise<StoreRow> {
  const row = await tx<StoreRow>('stores').where({ id }).first();
  if (!row) {
    throw new NotFoundError('Store vanished during the update');
  }
  return row;
}

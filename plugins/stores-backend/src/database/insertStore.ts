import type { Knex } from 'knex';
import { insertEvent } from './events';
import type { StoreRow } from './rows';
import type { NewStoreEvent } from './StoresDatabase';

/**
 * Writes a new store's row (see newStoreRow) with the event that says where
 * it came from, in the caller's transaction.
 */
export async function insertStore(
  tx: Knex.Transaction,
  row: StoreRow,
  firstEvent: NewStoreEvent,
  now: Date,
): Promise<void> {
  await tx('stores').insert(row);
  await insertEvent(tx, row.id, firstEvent, now);
}

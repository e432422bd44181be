import { InputError } from '@backstage/errors';
import type {
  StoreEvent,
  StoreEventList,
} from '@internal/plugin-stores-common';
import type { Knex } from 'knex';
import type { KnexContext } from './KnexContext';
import { type StoreEventRow, rowToStoreEvent } from './rows';
import type { NewStoreEvent } from './StoresDatabase';

/** Appends one event to a store's history, in `db` or a transaction. */
export async function insertEvent(
  db: Knex | Knex.Transaction,
  storeId: string,
  event: NewStoreEvent,
  createdAt: Date,
): Promise<void> {
  await db('store_events').insert({
    store_id: storeId,
    type: event.type,
    reason: event.reason,
    message: event.message,
    created_at: createdAt,
  });
}

/** A store's events, oldest first, keyset-paged on the event id. */
export async function listEvents(
  ctx: KnexContext,
  id: string,
  options: { limit: number; cursor?: string },
): Promise<StoreEventList> {
  const query = ctx
    .db<StoreEventRow>('store_events')
    .where({ store_id: id })
    .orderBy('id', 'asc')
    .limit(options.limit + 1);
  if (options.cursor) {
    query.where('id', '>', decodeEventCursor(options.cursor));
  }
  const rows = await query.select('*');
  const items: StoreEvent[] = rows.slice(0, options.limit).map(rowToStoreEvent);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      rows.length > options.limit && last
        ? Buffer.from(String(last.id)).toString('base64url')
        : undefined,
  };
}

function decodeEventCursor(cursor: string): number {
  const id = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(id) || id < 0) {
    throw new InputError('Invalid cursor; start again without one');
  }
  return id;
}

import type { Store, StoreList } from '@internal/plugin-stores-common';
import { applyAccess } from './accessFilter';
import { decodeCursor, encodeCursor } from './cursor';
import type { KnexContext } from './KnexContext';
import { type StoreRow, rowToStore, toDate } from './rows';
import type { ListStoresOptions, StoreAccessFilter } from './StoresDatabase';

/*
 * Reads of live stores (deleted rows are kept for audit and never listed).
 */

export async function getStore(
  ctx: KnexContext,
  id: string,
  access?: StoreAccessFilter,
): Promise<Store | undefined> {
  const query = ctx
    .db<StoreRow>('stores')
    .where({ id })
    .whereNull('deleted_at');
  applyAccess(query, access);
  const row = await query.first();
  return row ? rowToStore(row) : undefined;
}

/** Newest first, keyset-paged on (created_at, id), with the total count. */
export async function listStores(
  ctx: KnexContext,
  options: ListStoresOptions,
): Promise<StoreList> {
  const filtered = ctx.db<StoreRow>('stores').whereNull('deleted_at');
  if (options.owners?.length) {
    filtered.whereIn('owner', options.owners);
  }
  if (options.phases?.length) {
    filtered.whereIn('phase', options.phases);
  }
  if (options.text) {
    const pattern = `%${escapeLike(options.text.toLowerCase())}%`;
    filtered.where(q =>
      q
        .whereRaw(`lower(name) like ? escape '\\'`, [pattern])
        .orWhereRaw(`lower(display_name) like ? escape '\\'`, [pattern]),
    );
  }
  applyAccess(filtered, options.access);

  const page = filtered.clone();
  if (options.cursor) {
    const position = decodeCursor(options.cursor);
    const createdAt = toDate(position.createdAt);
    page.where(q =>
      q
        .where('created_at', '<', createdAt)
        .orWhere(q2 =>
          q2.where('created_at', '=', createdAt).where('id', '<', position.id),
        ),
    );
  }
  const [rows, [{ count }]] = await Promise.all([
    page
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit + 1)
      .select('*'),
    filtered.clone().count({ count: '*' }),
  ]);
  const items = rows.slice(0, options.limit).map(rowToStore);
  const last = items[items.length - 1];
  return {
    items,
    totalCount: Number(count),
    nextCursor:
      rows.length > options.limit && last
        ? encodeCursor({ createdAt: last.createdAt, id: last.id })
        : undefined,
  };
}

export async function listLiveStoreIds(ctx: KnexContext): Promise<string[]> {
  const rows = await ctx
    .db('stores')
    .whereNull('deleted_at')
    .orderBy('created_at')
    .select('id');
  return rows.map(r => r.id);
}

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, c => `\\${c}`);
}

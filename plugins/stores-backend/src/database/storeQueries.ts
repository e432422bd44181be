import {
  STORE_PHASES,
  type Store,
  type StoreList,
  type StorePhase,
} from '@internal/plugin-stores-common';
import { applyAccess } from './accessFilter';
import { decodeCursor, encodeCursor } from './cursor';
import type { KnexContext } from './KnexContext';
import { type StoreRow, rowToStore, toDate } from './rows';
import type {
  ListStoresOptions,
  StoreAccessFilter,
  StoreFilter,
} from './StoresDatabase';

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

/** Live stores matching the list filters and the caller's access, in SQL. */
function liveStoresMatching(ctx: KnexContext, filter: StoreFilter) {
  const filtered = ctx.db<StoreRow>('stores').whereNull('deleted_at');
  if (filter.owners?.length) {
    filtered.whereIn('owner', filter.owners);
  }
  if (filter.phases?.length) {
    filtered.whereIn('phase', filter.phases);
  }
  if (filter.text) {
    const pattern = `%${escapeLike(filter.text.toLowerCase())}%`;
    filtered.where(q =>
      q
        .whereRaw(`lower(name) like ? escape '\\'`, [pattern])
        .orWhereRaw(`lower(display_name) like ? escape '\\'`, [pattern]),
    );
  }
  applyAccess(filtered, filter.access);
  return filtered;
}

/** Newest first, keyset-paged on (created_at, id), with the total count. */
export async function listStores(
  ctx: KnexContext,
  options: ListStoresOptions,
): Promise<StoreList> {
  const filtered = liveStoresMatching(ctx, options);

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

/**
 * How many stores matching `filter` are in each phase (every phase, 0 when
 * none): one grouped query, however many stores there are.
 */
export async function countStoresByPhase(
  ctx: KnexContext,
  filter: StoreFilter,
): Promise<Record<StorePhase, number>> {
  const rows = await liveStoresMatching(ctx, filter)
    .groupBy('phase')
    .select('phase')
    .count({ count: '*' });
  const counts = Object.fromEntries(STORE_PHASES.map(p => [p, 0])) as Record<
    StorePhase,
    number
  >;
  for (const row of rows as Array<{ phase: StorePhase; count: unknown }>) {
    if (row.phase in counts) {
      counts[row.phase] = Number(row.count);
    }
  }
  return counts;
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

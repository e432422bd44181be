import type { Store } from '@internal/plugin-stores-common';
import { insertEvent } from './events';
import {
  databaseNow,
  databaseNowPlus,
  millisecondsUntilExpiry,
} from './leaseClock';
import { type KnexContext, leasedRowForUpdate, rereadRow } from './KnexContext';
import { type StoreRow, rowToStore } from './rows';
import type { StoreStatusPatch } from './StoresDatabase';

/*
 * The reconciler's writes: a store is claimed with a lease, and its status
 * is written only while that lease is held, so two replicas never reconcile
 * the same store at once. Expiry is computed and compared by the database's
 * clock (leaseClock.ts), so replicas with skewed clocks still agree.
 */

export async function claimStore(
  ctx: KnexContext,
  id: string,
  holder: string,
  leaseMs: number,
): Promise<Store | undefined> {
  // One conditional UPDATE: atomic on both databases, whoever writes first
  // wins and the other sees zero rows changed.
  const changed = await ctx
    .db('stores')
    .where({ id })
    .whereNull('deleted_at')
    .where(q =>
      q
        .whereNull('lease_holder')
        .orWhere({ lease_holder: holder })
        .orWhere('lease_expires_at', '<', databaseNow(ctx)),
    )
    .update({
      lease_holder: holder,
      lease_expires_at: databaseNowPlus(ctx, leaseMs),
    });
  if (!changed) {
    return undefined;
  }
  const row = await ctx.db<StoreRow>('stores').where({ id }).first();
  return row ? rowToStore(row) : undefined;
}

export async function renewLease(
  ctx: KnexContext,
  id: string,
  holder: string,
  leaseMs: number,
): Promise<boolean> {
  // Only a lease still held: a released or expired one is not taken back.
  const changed = await ctx
    .db('stores')
    .where({ id, lease_holder: holder })
    .where('lease_expires_at', '>=', databaseNow(ctx))
    .update({ lease_expires_at: databaseNowPlus(ctx, leaseMs) });
  return changed > 0;
}

export async function leaseRemainingMs(
  ctx: KnexContext,
  id: string,
): Promise<number> {
  const row = await ctx
    .db('stores')
    .where({ id })
    .whereNotNull('lease_holder')
    .first({ remaining: millisecondsUntilExpiry(ctx) });
  return Math.max(0, Math.ceil(Number(row?.remaining ?? 0)));
}

export async function releaseStore(
  ctx: KnexContext,
  id: string,
  holder: string,
): Promise<void> {
  await ctx
    .db('stores')
    .where({ id, lease_holder: holder })
    .update({ lease_holder: null, lease_expires_at: null });
}

export async function releaseLeases(
  ctx: KnexContext,
  holder: string,
): Promise<number> {
  return ctx
    .db('stores')
    .where({ lease_holder: holder })
    .update({ lease_holder: null, lease_expires_at: null });
}

/**
 * Frees the leases that ran out by the database's clock (their holder
 * crashed or stalled: a live holder renews, a stopping one releases) on live
 * stores, and returns those stores' ids. The UPDATE repeats the expiry test,
 * so a lease renewed or taken between the read and the write is left alone;
 * two replicas reaping at once both get an id, and the claim decides.
 */
export async function reapExpiredLeases(ctx: KnexContext): Promise<string[]> {
  const expired = () =>
    ctx
      .db('stores')
      .whereNull('deleted_at')
      .whereNotNull('lease_holder')
      .where('lease_expires_at', '<', databaseNow(ctx));
  const ids: string[] = (await expired().select('id')).map(row => row.id);
  if (ids.length > 0) {
    await expired()
      .whereIn('id', ids)
      .update({ lease_holder: null, lease_expires_at: null });
  }
  return ids;
}

export async function updateStatus(
  ctx: KnexContext,
  id: string,
  holder: string,
  patch: StoreStatusPatch,
): Promise<Store> {
  return ctx.db.transaction(async tx => {
    const row = await leasedRowForUpdate(ctx, tx, id, holder);
    const update: Partial<StoreRow> = { updated_at: ctx.now() };
    // Phases the API sets and only the API leaves (see StoresDatabase).
    if (
      patch.phase !== undefined &&
      row.phase !== 'deleting' &&
      row.phase !== 'suspended'
    ) {
      update.phase = patch.phase;
    }
    if (patch.conditions !== undefined) {
      update.conditions = JSON.stringify(patch.conditions);
    }
    if (patch.urls !== undefined) {
      update.urls = JSON.stringify(patch.urls);
    }
    if (patch.failureReason !== undefined) {
      update.failure_reason = patch.failureReason;
    }
    if (patch.observedGeneration !== undefined) {
      update.observed_generation = patch.observedGeneration;
    }
    await tx('stores').where({ id }).update(update);
    return rowToStore(await rereadRow(tx, id));
  });
}

export async function markDeleted(
  ctx: KnexContext,
  id: string,
  holder: string,
): Promise<void> {
  await ctx.db.transaction(async tx => {
    await leasedRowForUpdate(ctx, tx, id, holder);
    const now = ctx.now();
    await tx('stores').where({ id }).update({
      phase: 'deleted',
      live_name: null,
      deleted_at: now,
      updated_at: now,
      lease_holder: null,
      lease_expires_at: null,
    });
    await insertEvent(
      tx,
      id,
      {
        type: 'Normal',
        reason: 'Deleted',
        message: 'Store and its namespace deleted',
      },
      now,
    );
  });
}

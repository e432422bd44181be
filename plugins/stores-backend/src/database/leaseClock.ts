import type { Knex } from 'knex';
import type { KnexContext } from './KnexContext';

/*
 * Lease times come from the database's clock, never a replica's: two
 * replicas whose clocks disagree by seconds still agree on when a lease
 * expires, because only the database ever compares or computes expiry.
 * The column keeps each database's native form: `timestamptz` on
 * PostgreSQL, epoch milliseconds on SQLite (what knex stores a Date as).
 */

/** The database's current time, as an SQL expression comparable with `lease_expires_at`. */
export function databaseNow(ctx: KnexContext): Knex.Raw {
  return ctx.isPostgres
    ? ctx.db.raw('clock_timestamp()')
    : ctx.db.raw(
        "CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)",
      );
}

/** The database's current time plus `ms`, as a value for `lease_expires_at`. */
export function databaseNowPlus(ctx: KnexContext, ms: number): Knex.Raw {
  const whole = Math.round(ms);
  return ctx.isPostgres
    ? ctx.db.raw("clock_timestamp() + (? * interval '1 millisecond')", [whole])
    : ctx.db.raw(
        "CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER) + ?",
        [whole],
      );
}

/** Milliseconds from the database's now until `lease_expires_at` (negative once expired). */
export function millisecondsUntilExpiry(ctx: KnexContext): Knex.Raw {
  return ctx.isPostgres
    ? ctx.db.raw(
        'extract(epoch from (lease_expires_at - clock_timestamp())) * 1000',
      )
    : ctx.db.raw(
        "lease_expires_at - CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)",
      );
}

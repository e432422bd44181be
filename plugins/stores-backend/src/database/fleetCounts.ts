import type { KnexContext } from './KnexContext';

/** Live stores counted by phase and engine (one row per pair that has any). */
export interface FleetCount {
  phase: string;
  engine: string;
  count: number;
}

/**
 * One grouped read for the fleet gauge: it runs when Prometheus scrapes, so
 * it must stay one indexed query however many stores there are.
 */
export async function countLiveStores(ctx: KnexContext): Promise<FleetCount[]> {
  const rows: Array<{ phase: string; engine: string; count: unknown }> =
    await ctx
      .db('stores')
      .whereNull('deleted_at')
      .groupBy('phase', 'engine')
      .select('phase', 'engine')
      .count({ count: '*' });
  return rows.map(row => ({
    phase: row.phase,
    engine: row.engine,
    count: Number(row.count),
  }));
}

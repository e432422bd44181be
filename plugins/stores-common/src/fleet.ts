import { z } from 'zod';
import type { components } from './schema/openapi.generated';
import { listStoresQuerySchema } from './schemas';
import type { StorePhase } from './types';

/*
 * The fleet view of the Stores page: how many stores are in each phase, and
 * how much of its plan's quota each one uses.
 */

type Schemas = components['schemas'];

/** Live stores the caller may read, per phase (`GET /fleet/phases`). */
export type StorePhaseCounts = Schemas['StorePhaseCounts'];
/** One store's quota usage (`GET /fleet/quota-usage`). */
export type StoreQuotaUsage = Schemas['StoreQuotaUsage'];
export type QuotaResourceUsage = Schemas['QuotaResourceUsage'];
export type StoreQuotaUsageList = Schemas['StoreQuotaUsageList'];

/** Phases someone has to look at: the "needs attention" filter. */
export const ATTENTION_PHASES: readonly StorePhase[] = ['failed', 'degraded'];

/** Query of `GET /fleet/phases`: the list's owner and text filters. */
export const phaseCountsQuerySchema = listStoresQuerySchema.pick({
  owner: true,
  q: true,
});
export type PhaseCountsQuery = z.input<typeof phaseCountsQuerySchema>;

/** Most stores one quota usage request may ask about (a page of cards). */
export const MAX_QUOTA_USAGE_STORES = 100;

/** Query of `GET /fleet/quota-usage`: the ids of the stores, repeated. */
export const quotaUsageQuerySchema = z.strictObject({
  store: z.union([
    z.string().min(1).max(100),
    z.array(z.string().min(1).max(100)).min(1).max(MAX_QUOTA_USAGE_STORES),
  ]),
});

import {
  ATTENTION_PHASES,
  MAX_QUOTA_USAGE_STORES,
  quotaUsageQuerySchema,
  type StorePhaseCounts,
} from './fleet';
import { STORE_PHASES, type StorePhase } from './types';

type Agree<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// The spec's phase counts name every phase, and only phases (checked by tsc).
const countsAgree: Agree<keyof StorePhaseCounts['phases'], StorePhase> = true;

describe('fleet', () => {
  it('counts every phase the spec knows, and needs attention for failed and degraded stores', () => {
    expect(countsAgree).toBe(true);
    expect(ATTENTION_PHASES.every(p => STORE_PHASES.includes(p))).toBe(true);
    expect([...ATTENTION_PHASES].sort()).toEqual(['degraded', 'failed']);
  });

  it('takes one to a page of store ids for quota usage', () => {
    expect(quotaUsageQuerySchema.safeParse({ store: 'a' }).success).toBe(true);
    expect(quotaUsageQuerySchema.safeParse({ store: ['a', 'b'] }).success).toBe(
      true,
    );
    expect(quotaUsageQuerySchema.safeParse({}).success).toBe(false);
    expect(
      quotaUsageQuerySchema.safeParse({
        store: Array.from({ length: MAX_QUOTA_USAGE_STORES + 1 }, String),
      }).success,
    ).toBe(false);
  });
});

import { ServiceUnavailableError } from '@backstage/errors';
import type {
  ClusterHealth,
  PlanChangeCheck,
  ReconcileTrigger,
} from '../types';

/*
 * Stand-ins that ReconcilerService uses with `stores.reconciler.enabled:
 * false`. They are honest about it: readiness reports 503 "reconciler not
 * configured" and nothing is provisioned.
 */

/** Accepts wake-ups and drops them: there is no reconciler to wake. */
export class NoReconcilerTrigger implements ReconcileTrigger {
  enqueue(_storeId: string): void {}
}

/** Always fails the cluster half of the readiness check. */
export class ReconcilerNotConfiguredHealth implements ClusterHealth {
  async check(): Promise<void> {
    throw new ServiceUnavailableError(
      'reconciler not configured: stores are recorded but not provisioned',
    );
  }
}

/**
 * Accepts every volume growth: without a reconciler no store is
 * provisioned, so there is no volume yet; one created later gets the new size.
 */
export class NoVolumesToGrow implements PlanChangeCheck {
  async checkVolumeGrowth(): Promise<void> {}
}

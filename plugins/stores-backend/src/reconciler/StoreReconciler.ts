import type { Store } from '@internal/plugin-stores-common';
import type { NewStoreEvent } from '../database/StoresDatabase';
import { guardWrites } from '../kubernetes/writeGuard';
import { reportFailingRequests } from './failingRequests';
import { reconcileDeletion } from './deletion';
import { desiredState } from './desiredState';
import { startGeneration } from './generation';
import { PermanentFailure, ReconcileDeps } from './reconcileDeps';
import { LeaseHeldElsewhere, ReconcilePass, StaleStore } from './ReconcilePass';
import { pruneUnrendered } from './prune';
import { RecentlyApplied } from './RecentlyApplied';
import { hasOutdatedObjects } from '../rollout/outdated';
import { ensureStages, ownerOf } from './stages';
import {
  failStore,
  isEstablished,
  provisioningStatus,
  writeStatus,
} from './status';
import type { WorkResult } from './WorkQueue';

/**
 * One reconcile pass of one store (controller-runtime shape): read the row
 * and the live objects (from the watch cache), return early when everything
 * already holds, otherwise take the store's lease and apply the difference,
 * stage by stage. The lease is taken lazily, right before the first write
 * (to the cluster or the database), so a steady-state pass writes nothing.
 *
 * Each step lives in its own file: desiredState (what should exist),
 * generation (a new generation restarts failed Jobs), stages (judge each
 * stage), syncObject (ownership, create-first, drift, apply),
 * generatedSecret (created once, never again), prune (objects no longer
 * rendered), status (conditions, phase, events), deletion (namespace and
 * row), tlsSecret (the TLS Secret copy).
 */
export class StoreReconciler {
  readonly #deps: ReconcileDeps;

  static create(deps: Omit<ReconcileDeps, 'recentlyApplied'>) {
    return new StoreReconciler({
      ...deps,
      recentlyApplied: RecentlyApplied.create(),
    });
  }

  private constructor(deps: ReconcileDeps) {
    this.#deps = deps;
  }

  /** `failuresSoFar`: how many passes of this store in a row failed before this one. */
  async reconcile(storeId: string, failuresSoFar = 0): Promise<WorkResult> {
    if (!this.#deps.cache.isSynced()) {
      return { requeueAfterMs: 2000 };
    }
    const store = await this.#deps.database.getStore(storeId);
    this.#deps.rollout?.seen(storeId, store);
    if (!store) {
      return {}; // not found: nothing to do
    }
    const pass = new ReconcilePass(
      store,
      this.#deps.database,
      this.#deps.holder,
      this.#deps.config,
    );
    // Each write is checked against the lease right before it is sent,
    // after the client's rate limiter (writeGuard.ts).
    return guardWrites(
      () => pass.assertHeld(),
      () => this.#run(store, pass, failuresSoFar + 1),
    );
  }

  /** `failures`: how many passes in a row will have failed if this one does. */
  async #run(
    store: Store,
    pass: ReconcilePass,
    failures: number,
  ): Promise<WorkResult> {
    try {
      if (store.phase === 'deleting') {
        return await reconcileDeletion(this.#deps, pass);
      }
      if (failedUntilRetry(store)) {
        return {};
      }
      return await this.#provision(pass);
    } catch (error) {
      return await this.#afterError(pass, error, failures);
    } finally {
      await pass.release();
    }
  }

  /** Desired objects → new generation → stages → prune → status. */
  async #provision(pass: ReconcilePass): Promise<WorkResult> {
    const now = new Date();
    const events: NewStoreEvent[] = [];
    const desired = desiredState(this.#deps, pass.store);
    // Secrets are watched by name only (no cluster-wide Secret list/watch).
    await this.#deps.cache.watchSecret(desired.secret.name);
    const previous = await startGeneration(
      this.#deps,
      pass,
      desired,
      events,
      now,
    );
    const established = isEstablished(pass.store);
    const turn = this.#deps.rollout?.admit(pass.store, established, () =>
      hasOutdatedObjects(this.#deps, desired),
    );
    if (turn?.hold) return { requeueAfterMs: turn.requeueAfterMs };
    const stages = await ensureStages(
      this.#deps,
      pass,
      desired,
      previous,
      events,
      established,
    );
    await pruneUnrendered(
      this.#deps,
      pass,
      desired,
      ownerOf(this.#deps, pass),
      events,
    );
    const { status, requeueAfterMs } = provisioningStatus({
      config: this.#deps.config,
      store: pass.store,
      desired,
      previous,
      stages,
      events,
      now,
      established,
    });
    await writeStatus(this.#deps, pass, status);
    const again = await this.#deps.rollout?.settle(
      pass.store,
      status.phase,
      status.failureReason,
    );
    const next = Math.min(requeueAfterMs ?? Infinity, again ?? Infinity);
    return next === Infinity ? {} : { requeueAfterMs: next };
  }

  /**
   * Lease and staleness retry; a permanent failure fails the store; the rest
   * goes to the queue's backoff, and the store says so once it repeats.
   */
  async #afterError(
    pass: ReconcilePass,
    error: unknown,
    failures: number,
  ): Promise<WorkResult> {
    if (error instanceof LeaseHeldElsewhere) {
      // Right after that lease may have run out: if its replica died, this
      // is a takeover and goes ahead of resyncs.
      return { requeueAfterMs: error.retryAfterMs, priority: 'urgent' };
    }
    if (error instanceof StaleStore) {
      return { requeueAfterMs: 0 };
    }
    if (error instanceof PermanentFailure) {
      await failStore(this.#deps, pass, error.reason, error.message);
      return {};
    }
    if (
      pass.store.phase !== 'deleting' &&
      (await reportFailingRequests(this.#deps, pass, error, failures)) ===
        'failed'
    ) {
      return {};
    }
    throw error;
  }
}

/** `failed` is terminal until someone asks for a retry (a new generation). */
function failedUntilRetry(store: Store): boolean {
  return (
    store.phase === 'failed' && store.observedGeneration >= store.generation
  );
}

import type { StoreCondition } from '@internal/plugin-stores-common';
import type { NewStoreEvent } from '../database/StoresDatabase';
import type { KubeObject } from '../kubernetes/KubernetesClient';
import type { Owner } from '../kubernetes/ownership';
import type { DesiredCondition } from './conditions';
import type { DesiredStage, DesiredState } from './desiredState';
import {
  CREDENTIALS_LOST,
  ensureGeneratedSecret,
  isGeneratedSecret,
} from './generatedSecret';
import { jobFailureTail } from './jobFailure';
import type { ReconcileDeps } from './reconcileDeps';
import type { ReconcilePass } from './ReconcilePass';
import { planSync, SyncedObject, syncObject } from './syncObject';

/** How often to look again at an object being deleted. */
const DELETION_POLL_MS = 2000;

type StageOutcome = (
  | { state: 'ready' }
  | { state: 'progressing'; message: string; requeueAfterMs?: number }
  | { state: 'failed'; reason: string; message: string }
) & {
  /**
   * Later stages cannot go on in this pass: an object was just created
   * (what depends on it may not exist yet) or is being deleted.
   */
  blocking?: boolean;
};

/** Where the stages got to in one pass. */
export interface StagesOutcome {
  /** One per stage, in order. */
  conditions: DesiredCondition[];
  /** The first stage that does not hold and held up the ones after it. */
  blockedBy?: string;
  failure?: { reason: string; message: string };
  requeueAfterMs?: number;
}

/**
 * The engine's stages in order: each is brought to its desired objects and
 * judged. While a store is being provisioned the first stage that does not
 * hold blocks the ones after it (`Waiting`). Once the store has been ready
 * (`established`), every stage is kept and judged on its own, so drift is
 * repaired everywhere while one stage is down; only a stage that had to
 * re-create or is losing objects holds up the rest.
 */
export async function ensureStages(
  deps: ReconcileDeps,
  pass: ReconcilePass,
  desired: DesiredState,
  previous: StoreCondition[],
  events: NewStoreEvent[],
  established: boolean,
): Promise<StagesOutcome> {
  const result: StagesOutcome = { conditions: [] };
  for (const stage of desired.stages) {
    const type = stage.condition;
    if (result.blockedBy) {
      result.conditions.push({
        type,
        status: 'False',
        reason: 'Waiting',
        message: `Waiting for ${result.blockedBy}`,
      });
      continue;
    }
    const outcome = await ensureStage(
      deps,
      pass,
      desired,
      stage,
      previous.find(c => c.type === type),
      events,
    );
    if (outcome.state === 'ready') {
      result.conditions.push({
        type,
        status: 'True',
        reason: 'Ready',
        message: 'All objects are ready',
      });
      continue;
    }
    if (!established || outcome.blocking) {
      result.blockedBy = type;
    }
    if (outcome.state === 'failed') {
      result.failure ??= { reason: outcome.reason, message: outcome.message };
      result.conditions.push({
        type,
        status: 'False',
        reason: outcome.reason,
        message: outcome.message.split('\n')[0],
      });
      continue;
    }
    result.conditions.push({
      type,
      status: 'False',
      reason: 'Progressing',
      message: outcome.message,
    });
    if (outcome.requeueAfterMs !== undefined) {
      result.requeueAfterMs = Math.min(
        result.requeueAfterMs ?? Infinity,
        outcome.requeueAfterMs,
      );
    }
  }
  return result;
}

/**
 * One stage: every object is planned from the watch cache (absent →
 * create, someone else's → `NameTaken`, drifted → apply), the writes of the
 * stage are sent together, then every object is judged. Readiness is
 * judged on what was just written when something was, so a Deployment
 * someone scaled to 0 is judged against the desired replicas.
 */
async function ensureStage(
  deps: ReconcileDeps,
  pass: ReconcilePass,
  desired: DesiredState,
  stage: DesiredStage,
  previous: StoreCondition | undefined,
  events: NewStoreEvent[],
): Promise<StageOutcome> {
  const objects = stage.objects;
  const owner = ownerOf(deps, pass);
  const cached = objects.map(({ apiVersion, kind, metadata }) =>
    deps.recentlyApplied.current(
      deps.cache.get(apiVersion, kind, metadata.name, metadata.namespace),
    ),
  );
  const going = cached.find(
    live =>
      live &&
      (live.metadata.deletionTimestamp ||
        deps.recentlyDeleted.has(live.metadata.uid)),
  );
  if (going) {
    return {
      state: 'progressing',
      message: `${going.kind} ${going.metadata.name} is being deleted`,
      requeueAfterMs: DELETION_POLL_MS,
      blocking: true,
    };
  }
  const generated = (o: KubeObject) => isGeneratedSecret(o, desired.secret);
  // Planning checks ownership first: nothing is written when any object is someone else's.
  const plans = objects.map((object, i) =>
    generated(object) ? undefined : planSync(object, cached[i], owner),
  );
  if (plans.some((plan, i) => (plan ? plan.action !== 'none' : !cached[i]))) {
    await pass.claim();
  }
  const heldBefore = previous?.status === 'True';
  const secretExisted = heldBefore || previous?.reason === CREDENTIALS_LOST;
  // The writes of one stage do not depend on each other: send them together.
  const settled = await Promise.allSettled(
    objects.map(async (object, i): Promise<SyncedObject | undefined> => {
      const plan = plans[i];
      if (plan) {
        const result = await syncObject(deps, object, plan, owner);
        if (plan.action === 'apply') {
          deps.recentlyApplied.remember(cached[i]!, result.live);
        }
        return result;
      }
      const secret = await ensureGeneratedSecret(
        deps,
        object,
        desired.secret,
        cached[i],
        secretExisted,
        owner,
      );
      return secret.state === 'present'
        ? { live: secret.live, created: secret.created, repaired: [] }
        : undefined;
    }),
  );
  // Every write of the stage has ended before a failure ends the pass, so no
  // write lands after the pass has released its lease.
  const failed = settled.find(r => r.status === 'rejected');
  if (failed) {
    throw (failed as PromiseRejectedResult).reason;
  }
  const synced = settled.map(
    r => (r as PromiseFulfilledResult<SyncedObject | undefined>).value,
  );
  reportRepairs(deps, pass, objects, synced, heldBefore, events);
  const lostAt = synced.findIndex(s => s === undefined);
  if (lostAt >= 0) {
    return credentialsLost(deps, pass, objects[lostAt], previous, events);
  }
  const blocking = synced.some(s => s?.created);
  for (const [i, result] of synced.entries()) {
    if (generated(objects[i])) {
      continue; // present is all a generated Secret needs
    }
    const live = result!.live;
    const readiness = desired.engine.judge(live, objects[i]);
    if (readiness.state === 'progressing') {
      return { state: 'progressing', message: readiness.message, blocking };
    }
    if (readiness.state === 'failed') {
      const tail =
        live.kind === 'Job'
          ? jobFailureTail(
              live,
              deps.cache.list('v1', 'Pod', live.metadata.namespace),
            )
          : undefined;
      return {
        state: 'failed',
        reason: readiness.reason,
        message: tail ? `${readiness.message}\n${tail}` : readiness.message,
        blocking,
      };
    }
  }
  if (stage.waitingFor) {
    return { state: 'progressing', message: stage.waitingFor, blocking };
  }
  return { state: 'ready' };
}

/** The store id and portal instance every object of this store carries. */
export function ownerOf(deps: ReconcileDeps, pass: ReconcilePass): Owner {
  return { storeId: pass.store.id, instanceId: deps.config.instanceId };
}

/** One Warning event per object re-created or repaired: what, and which fields. */
function reportRepairs(
  deps: ReconcileDeps,
  pass: ReconcilePass,
  objects: KubeObject[],
  synced: Array<SyncedObject | undefined>,
  heldBefore: boolean,
  events: NewStoreEvent[],
) {
  synced.forEach((result, i) => {
    const what = `${objects[i].kind} ${objects[i].metadata.name}`;
    if (result?.created && heldBefore) {
      events.push({
        type: 'Warning',
        reason: 'Recreated',
        message: `Recreated ${what}`,
      });
      deps.logger.info(`Repaired drift: recreated ${what}`, {
        storeId: pass.store.id,
      });
    }
    if (result?.repaired.length) {
      const fields = result.repaired.join(', ');
      events.push({
        type: 'Warning',
        reason: 'DriftRepaired',
        message: `Repaired ${what}: ${fields} changed or removed by someone else`,
      });
      deps.logger.info(`Repaired drift of ${what}: ${fields}`, {
        storeId: pass.store.id,
      });
    }
  });
}

/** The generated Secret is gone: never made again; the stage fails with `CredentialsLost`. */
function credentialsLost(
  deps: ReconcileDeps,
  pass: ReconcilePass,
  secret: KubeObject,
  previous: StoreCondition | undefined,
  events: NewStoreEvent[],
): StageOutcome {
  const message = `Secret ${secret.metadata.name} was deleted; it is not generated again because the database keeps the old passwords (recovery: docs/reconciler.md, "Lost credentials")`;
  if (previous?.reason !== CREDENTIALS_LOST) {
    events.push({ type: 'Warning', reason: CREDENTIALS_LOST, message });
    deps.logger.warn(message, { storeId: pass.store.id });
  }
  return { state: 'failed', reason: CREDENTIALS_LOST, message };
}

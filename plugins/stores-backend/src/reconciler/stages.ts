// Over 350 lines on purpose: one pass over a store's objects (plan, waves of
// writes, judging each stage) is one sequence that reads top to bottom; the
// pieces it calls (syncObject, generatedSecret, statefulSetClaims) live apart.
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
import { LeaseHeldElsewhere, type ReconcilePass } from './ReconcilePass';
import { planSync, SyncedObject, syncObject, SyncPlan } from './syncObject';

/** How often to look again at an object being deleted. */
const DELETION_POLL_MS = 2000;

type StageOutcome = (
  | { state: 'ready' }
  | { state: 'progressing'; message: string; requeueAfterMs?: number }
  | { state: 'failed'; reason: string; message: string }
) & {
  /** Later stages cannot go on: an object of this stage is being deleted. */
  blocking?: boolean;
};

/** Where the stages got to in one pass. */
export interface StagesOutcome {
  /** One per stage, in order. */
  conditions: DesiredCondition[];
  /**
   * The first stage that does not hold while the store is being provisioned
   * (or, once established, one whose objects are being deleted).
   */
  blockedBy?: string;
  failure?: { reason: string; message: string };
  requeueAfterMs?: number;
}

/**
 * Kinds that must be in force before any pod of the store starts (the
 * quota's and limits' admission, default deny, the credentials a pod
 * mounts): they are sent after the Namespace and before the workloads, the
 * order Helm installs in too.
 */
const GUARD_KINDS = new Set([
  'ResourceQuota',
  'LimitRange',
  'NetworkPolicy',
  'Secret',
  'ConfigMap',
  'ServiceAccount',
  'Role',
  'RoleBinding',
]);

/** The Namespace, then the guards, then everything else. */
function waveOf(object: KubeObject): number {
  if (object.kind === 'Namespace') {
    return 0;
  }
  return GUARD_KINDS.has(object.kind) ? 1 : 2;
}
const WAVES = 3;

/** One desired object in a pass: its stage, what the cache shows, its plan and result. */
interface Entry {
  stage: number;
  object: KubeObject;
  /** Key of our create of it in `recentlyApplied`. */
  key: string;
  cached?: KubeObject;
  generated: boolean;
  plan?: SyncPlan;
  synced?: SyncedObject;
}

/**
 * The engine's stages: every object whose dependencies are met is brought
 * to its desired state in the same pass, then each stage is judged on its
 * own. An object depends only on the existence of what it lives in or is
 * guarded by, never on another object's readiness (workloads wait for what
 * they need themselves: the bootstrap script waits for the database): the
 * writes go out in three waves of parallel requests (the Namespace, the
 * guards, the rest), so a new store costs three round trips. Conditions
 * report each stage's truth; while a store is being provisioned the first
 * stage that does not hold is `blockedBy` (the store is not ready yet).
 * Only a Namespace being deleted holds up the other stages (`Waiting`); a
 * stage whose own objects are being deleted waits for that alone.
 */
export async function ensureStages(
  deps: ReconcileDeps,
  pass: ReconcilePass,
  desired: DesiredState,
  previous: StoreCondition[],
  events: NewStoreEvent[],
  established: boolean,
): Promise<StagesOutcome> {
  const owner = ownerOf(deps, pass);
  const entries: Entry[] = desired.stages.flatMap((stage, index) =>
    stage.objects.map(object => {
      const { apiVersion, kind, metadata } = object;
      const key = [
        pass.store.id,
        apiVersion,
        kind,
        metadata.namespace ?? '',
        metadata.name,
      ].join('/');
      return {
        stage: index,
        object,
        key,
        cached: deps.recentlyApplied.current(
          key,
          deps.cache.get(apiVersion, kind, metadata.name, metadata.namespace),
        ),
        generated: isGeneratedSecret(object, desired.secret),
      };
    }),
  );
  const outcomes: Array<StageOutcome | undefined> = desired.stages.map(
    (_, index) => beingDeleted(deps, entries, index),
  );
  const namespaceGoing = entries.find(
    e => waveOf(e.object) === 0 && outcomes[e.stage],
  );
  const active = entries.filter(
    e => !outcomes[e.stage] && (!namespaceGoing || waveOf(e.object) === 0),
  );
  // Planning checks ownership first: nothing is written when any object is someone else's.
  for (const entry of active) {
    if (!entry.generated) {
      entry.plan = planSync(entry.object, entry.cached, owner);
    }
  }
  const heldBefore = (index: number) =>
    previous.find(c => c.type === desired.stages[index].condition)?.status ===
    'True';
  for (let wave = 0; wave < WAVES; wave++) {
    const entriesOfWave = active.filter(e => waveOf(e.object) === wave);
    if (
      entriesOfWave.some(e => (e.plan ? e.plan.action !== 'none' : !e.cached))
    ) {
      // Before each wave's writes: the lease is taken, or still good for
      // long enough (a wave can take seconds on a loaded machine).
      await pass.claim();
    }
    await syncWave(
      deps,
      desired,
      entriesOfWave,
      index => {
        const condition = previous.find(
          c => c.type === desired.stages[index].condition,
        );
        return heldBefore(index) || condition?.reason === CREDENTIALS_LOST;
      },
      owner,
    );
  }

  const result: StagesOutcome = { conditions: [] };
  desired.stages.forEach((stage, index) => {
    const type = stage.condition;
    if (namespaceGoing && !outcomes[index]) {
      result.blockedBy ??= desired.stages[namespaceGoing.stage].condition;
      result.conditions.push({
        type,
        status: 'False',
        reason: 'Waiting',
        message: `Waiting for ${result.blockedBy}`,
      });
      return;
    }
    const outcome =
      outcomes[index] ??
      judgeStage(
        deps,
        pass,
        desired,
        stage,
        entries.filter(e => e.stage === index),
        previous.find(c => c.type === type),
        heldBefore(index),
        events,
      );
    if (outcome.state === 'ready') {
      result.conditions.push({
        type,
        status: 'True',
        reason: 'Ready',
        message: 'All objects are ready',
      });
      return;
    }
    if (!established || outcome.blocking) {
      result.blockedBy ??= type;
    }
    if (outcome.state === 'failed') {
      result.failure ??= { reason: outcome.reason, message: outcome.message };
      result.conditions.push({
        type,
        status: 'False',
        reason: outcome.reason,
        message: outcome.message.split('\n')[0],
      });
      return;
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
  });
  return result;
}

/** A stage with an object being deleted waits for that first. */
function beingDeleted(
  deps: ReconcileDeps,
  entries: Entry[],
  stage: number,
): StageOutcome | undefined {
  const going = entries.find(
    ({ stage: s, cached: live }) =>
      s === stage &&
      live &&
      (live.metadata.deletionTimestamp ||
        deps.recentlyDeleted.has(live.metadata.uid)),
  )?.cached;
  return going
    ? {
        state: 'progressing',
        message: `${going.kind} ${going.metadata.name} is being deleted`,
        requeueAfterMs: DELETION_POLL_MS,
        blocking: true,
      }
    : undefined;
}

/**
 * One wave's writes, sent together: they do not depend on each other.
 * Every write has ended before a failure ends the pass, so no write lands
 * after the pass has released its lease.
 */
async function syncWave(
  deps: ReconcileDeps,
  desired: DesiredState,
  wave: Entry[],
  secretExisted: (stage: number) => boolean,
  owner: Owner,
) {
  const settled = await Promise.allSettled(
    wave.map(async entry => {
      entry.synced = await syncEntry(
        deps,
        desired,
        entry,
        secretExisted,
        owner,
      );
      if (entry.synced?.created) {
        deps.recentlyApplied.rememberCreated(entry.key, entry.synced.live);
      } else if (entry.plan?.action === 'apply') {
        deps.recentlyApplied.remember(entry.cached!, entry.synced!.live);
      }
    }),
  );
  const failures = settled.flatMap(r =>
    r.status === 'rejected' ? [r.reason as unknown] : [],
  );
  if (failures.length > 0) {
    // A lost lease ends the pass quietly, whatever else failed beside it.
    throw failures.find(e => e instanceof LeaseHeldElsewhere) ?? failures[0];
  }
}

/** One object's write; undefined for a generated Secret that was lost. */
async function syncEntry(
  deps: ReconcileDeps,
  desired: DesiredState,
  entry: Entry,
  secretExisted: (stage: number) => boolean,
  owner: Owner,
): Promise<SyncedObject | undefined> {
  if (entry.plan) {
    return syncObject(deps, entry.object, entry.plan, owner);
  }
  const secret = await ensureGeneratedSecret(
    deps,
    entry.object,
    desired.secret,
    entry.cached,
    secretExisted(entry.stage),
    owner,
  );
  return secret.state === 'present'
    ? { live: secret.live, created: secret.created, repaired: [] }
    : undefined;
}

/**
 * A stage after the pass's writes: every object is judged, on what was just
 * written when something was, so a Deployment someone scaled to 0 is judged
 * against the desired replicas.
 */
function judgeStage(
  deps: ReconcileDeps,
  pass: ReconcilePass,
  desired: DesiredState,
  stage: DesiredStage,
  entries: Entry[],
  previous: StoreCondition | undefined,
  heldBefore: boolean,
  events: NewStoreEvent[],
): StageOutcome {
  reportRepairs(deps, pass, entries, heldBefore, events);
  const lost = entries.find(e => !e.synced);
  if (lost) {
    return credentialsLost(deps, pass, lost.object, previous, events);
  }
  for (const { object, synced, generated } of entries) {
    if (generated) {
      continue; // present is all a generated Secret needs
    }
    const live = synced!.live;
    const readiness = desired.engine.judge(live, object);
    if (readiness.state === 'progressing') {
      return { state: 'progressing', message: readiness.message };
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
      };
    }
  }
  if (stage.waitingFor) {
    return { state: 'progressing', message: stage.waitingFor };
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
  entries: Entry[],
  heldBefore: boolean,
  events: NewStoreEvent[],
) {
  for (const { object, synced } of entries) {
    const what = `${object.kind} ${object.metadata.name}`;
    if (synced?.created && heldBefore) {
      events.push({
        type: 'Warning',
        reason: 'Recreated',
        message: `Recreated ${what}`,
      });
      deps.logger.info(`Repaired drift: recreated ${what}`, {
        storeId: pass.store.id,
      });
    }
    if (synced?.repaired.length) {
      const fields = synced.repaired.join(', ');
      events.push({
        type: 'Warning',
        reason: 'DriftRepaired',
        message: `Repaired ${what}: ${fields} changed or removed by someone else`,
      });
      deps.logger.info(`Repaired drift of ${what}: ${fields}`, {
        storeId: pass.store.id,
      });
    }
  }
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

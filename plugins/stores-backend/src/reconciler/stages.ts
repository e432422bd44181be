import type { StoreCondition } from '@internal/plugin-stores-common';
import type { NewStoreEvent } from '../database/StoresDatabase';
import { isUpToDate, withAppliedHash } from '../kubernetes/appliedHash';
import { describeKubernetesError, isPermanent } from '../kubernetes/errors';
import type { KubeObject } from '../kubernetes/KubernetesClient';
import { redact } from '../kubernetes/ManagedObjectCache';
import type { DesiredCondition } from './conditions';
import type { DesiredStage, DesiredState } from './desiredState';
import { createGeneratedSecret, isGeneratedSecret } from './generatedSecret';
import { jobFailureTail } from './jobFailure';
import { PermanentFailure, ReconcileDeps } from './reconcileDeps';
import type { ReconcilePass } from './ReconcilePass';

/** How often to look again at an object being deleted. */
const DELETION_POLL_MS = 2000;

type StageOutcome =
  | { state: 'ready' }
  | { state: 'progressing'; message: string; requeueAfterMs?: number }
  | { state: 'failed'; reason: string; message: string };

/** Where the stages got to in one pass. */
export interface StagesOutcome {
  /** One per stage, in order. */
  conditions: DesiredCondition[];
  /** The first stage that does not hold; later stages wait for it. */
  blockedBy?: string;
  failure?: { reason: string; message: string };
  requeueAfterMs?: number;
}

/**
 * The engine's stages in order: each is brought to its desired objects and
 * judged; the first that does not hold blocks the ones after it (`Waiting`).
 */
export async function ensureStages(
  deps: ReconcileDeps,
  pass: ReconcilePass,
  desired: DesiredState,
  previous: StoreCondition[],
  events: NewStoreEvent[],
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
    const heldBefore = previous.find(c => c.type === type)?.status === 'True';
    const outcome = await ensureStage(
      deps,
      pass,
      desired,
      stage,
      heldBefore,
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
    result.blockedBy = type;
    if (outcome.state === 'failed') {
      result.failure = { reason: outcome.reason, message: outcome.message };
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
      result.requeueAfterMs = outcome.requeueAfterMs;
    }
  }
  return result;
}

/**
 * One stage: absent objects are created, changed ones applied (hash
 * differs; Jobs excepted, their template is immutable), all writes of the
 * stage sent together; then every object is judged.
 */
async function ensureStage(
  deps: ReconcileDeps,
  pass: ReconcilePass,
  desired: DesiredState,
  stage: DesiredStage,
  heldBefore: boolean,
  events: NewStoreEvent[],
): Promise<StageOutcome> {
  const objects = stage.objects;
  const cached = objects.map(({ apiVersion, kind, metadata }) =>
    deps.cache.get(apiVersion, kind, metadata.name, metadata.namespace),
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
    };
  }
  const generated = (o: KubeObject) => isGeneratedSecret(o, desired.secret);
  const needsWrite = objects.map(
    (object, i) =>
      !cached[i] ||
      (!generated(object) &&
        object.kind !== 'Job' &&
        !isUpToDate(object, cached[i]!)),
  );
  if (needsWrite.some(Boolean)) {
    await pass.claim();
  }
  // The writes of one stage do not depend on each other: send them together.
  const lives = await Promise.all(
    objects.map(async (object, i) => {
      if (!needsWrite[i]) {
        return cached[i]!;
      }
      return generated(object)
        ? createGeneratedSecret(deps, object, desired.secret)
        : applyObject(deps, object);
    }),
  );
  objects.forEach((object, i) => {
    if (!cached[i] && heldBefore) {
      const what = `${object.kind} ${object.metadata.name}`;
      events.push({
        type: 'Warning',
        reason: 'Recreated',
        message: `Recreated ${what}`,
      });
      deps.logger.info(`Repaired drift: recreated ${what}`, {
        storeId: pass.store.id,
      });
    }
  });
  for (const [i, live] of lives.entries()) {
    if (generated(objects[i])) {
      continue; // present is all a generated Secret needs
    }
    const readiness = desired.engine.judge(live);
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

/** Server-side apply with the hash annotation; Secret values never stay in memory. */
async function applyObject(
  deps: Pick<ReconcileDeps, 'client'>,
  desired: KubeObject,
): Promise<KubeObject> {
  try {
    const live = await deps.client.apply(withAppliedHash(desired));
    redact(live);
    return live;
  } catch (error) {
    if (isPermanent(error)) {
      throw new PermanentFailure(
        'InvalidObject',
        `The API server rejected ${desired.kind} ${
          desired.metadata.name
        }: ${describeKubernetesError(error)}`,
      );
    }
    throw error;
  }
}

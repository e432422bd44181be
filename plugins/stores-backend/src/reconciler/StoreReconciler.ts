import { randomBytes } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  RenderedObject,
  Store,
  StoreCondition,
  StorePhase,
  StoreUrls,
} from '@internal/plugin-stores-common';
import type {
  EngineRenderContext,
  GeneratedSecretSpec,
  StoreEngine,
} from '@internal/plugin-stores-node';
import type {
  NewStoreEvent,
  StoreStatusPatch,
  StoresDatabase,
} from '../database/StoresDatabase';
import { isUpToDate, withAppliedHash } from '../kubernetes/appliedHash';
import {
  describeKubernetesError,
  isAlreadyExists,
  isPermanent,
} from '../kubernetes/errors';
import type {
  KubeObject,
  KubernetesClient,
} from '../kubernetes/KubernetesClient';
import type { ManagedObjectCache } from '../kubernetes/ManagedObjectCache';
import type { StoreChangeNotifier, StoresConfig } from '../types';
import {
  DesiredCondition,
  mergeConditions,
  provisioningStartedAt,
  sameConditions,
} from './conditions';
import { jobFailureTail } from './jobFailure';
import type { WorkResult } from './WorkQueue';
import { LeaseHeldElsewhere, ReconcilePass, StaleStore } from './ReconcilePass';

/** A request the API server rejects as invalid: a bug or a bad config, not transient. */
class PermanentFailure extends Error {
  constructor(readonly reason: string, message: string) {
    super(message);
  }
}

/** How often to look again at a namespace (or object) being deleted. */
const DELETION_POLL_MS = 2000;

type StageOutcome =
  | { state: 'ready' }
  | { state: 'progressing'; message: string; requeueAfterMs?: number }
  | { state: 'failed'; reason: string; message: string };

/**
 * One reconcile pass of one store (controller-runtime shape): read the row
 * and the live objects (from the watch cache), return early when everything
 * already holds, otherwise take the store's lease and apply the difference,
 * stage by stage. The lease is taken lazily, right before the first write
 * (to the cluster or the database), so a steady-state pass writes nothing.
 */
export class StoreReconciler {
  readonly #config: StoresConfig;
  readonly #database: StoresDatabase;
  readonly #engines: Map<string, StoreEngine>;
  readonly #notifier: StoreChangeNotifier;
  readonly #logger: LoggerService;
  readonly #client: KubernetesClient;
  readonly #cache: ManagedObjectCache;
  readonly #holder: string;
  /** Objects this process deleted and the cache may still show. */
  readonly #deletedUids = new Set<string>();

  static create(options: {
    config: StoresConfig;
    database: StoresDatabase;
    engines: Map<string, StoreEngine>;
    notifier: StoreChangeNotifier;
    logger: LoggerService;
    client: KubernetesClient;
    cache: ManagedObjectCache;
    holder: string;
  }) {
    return new StoreReconciler(options);
  }

  private constructor(options: Parameters<typeof StoreReconciler.create>[0]) {
    this.#config = options.config;
    this.#database = options.database;
    this.#engines = options.engines;
    this.#notifier = options.notifier;
    this.#logger = options.logger;
    this.#client = options.client;
    this.#cache = options.cache;
    this.#holder = options.holder;
  }

  async reconcile(storeId: string): Promise<WorkResult> {
    if (!this.#cache.isSynced()) {
      return { requeueAfterMs: 2000 };
    }
    const store = await this.#database.getStore(storeId);
    if (!store) {
      return {};
    }
    const pass = new ReconcilePass(
      store,
      this.#database,
      this.#holder,
      this.#config,
    );
    try {
      if (store.phase === 'deleting') {
        return await this.#reconcileDeletion(pass);
      }
      if (
        store.phase === 'failed' &&
        store.observedGeneration >= store.generation
      ) {
        return {}; // terminal until someone asks for a retry
      }
      return await this.#reconcileProvisioning(pass);
    } catch (error) {
      if (error instanceof LeaseHeldElsewhere) {
        return { requeueAfterMs: this.#config.reconciler.leaseSeconds * 1000 };
      }
      if (error instanceof StaleStore) {
        return { requeueAfterMs: 0 };
      }
      if (error instanceof PermanentFailure) {
        await this.#fail(pass, error.reason, error.message, []);
        return {};
      }
      throw error;
    } finally {
      await pass.release();
    }
  }

  async #reconcileProvisioning(pass: ReconcilePass): Promise<WorkResult> {
    const store = pass.store;
    const engine = this.#engines.get(store.engine);
    if (!engine) {
      throw new PermanentFailure(
        'UnknownEngine',
        `No store engine "${store.engine}" is installed`,
      );
    }
    const plan = this.#config.plans[store.plan];
    if (!plan) {
      throw new PermanentFailure(
        'UnknownPlan',
        `Plan "${store.plan}" is not configured`,
      );
    }
    const ctx: EngineRenderContext = {
      store,
      namespace: store.namespace,
      plan,
      settings: this.#config.settings,
    };
    const stages = engine.stages(ctx);
    const secret = engine.secret(ctx);
    const now = new Date();
    const events: NewStoreEvent[] = [];
    let previous = store.conditions;
    let requeueAfterMs: number | undefined;

    if (store.observedGeneration < store.generation) {
      // A new generation (first pass, or a retry): failed Jobs are deleted so
      // they run again (their scripts are idempotent), and the clock of every
      // condition that does not hold restarts.
      await this.#deleteFailedJobs(
        pass,
        engine,
        stages.flatMap(s => s.objects),
        events,
      );
      previous = previous.map(c =>
        c.status === 'True'
          ? c
          : { ...c, lastTransitionTime: now.toISOString() },
      );
    }

    const desired: DesiredCondition[] = [];
    let blockedBy: string | undefined;
    let failure: { reason: string; message: string } | undefined;
    for (const stage of stages) {
      if (blockedBy) {
        desired.push({
          type: stage.condition,
          status: 'False',
          reason: 'Waiting',
          message: `Waiting for ${blockedBy}`,
        });
        continue;
      }
      const heldBefore =
        previous.find(c => c.type === stage.condition)?.status === 'True';
      const outcome = await this.#ensureStage(
        pass,
        engine,
        secret,
        stage.objects,
        heldBefore,
        events,
      );
      if (outcome.state === 'ready') {
        desired.push({
          type: stage.condition,
          status: 'True',
          reason: 'Ready',
          message: 'All objects are ready',
        });
        continue;
      }
      blockedBy = stage.condition;
      if (outcome.state === 'failed') {
        failure = { reason: outcome.reason, message: outcome.message };
        desired.push({
          type: stage.condition,
          status: 'False',
          reason: outcome.reason,
          message: firstLine(outcome.message),
        });
      } else {
        desired.push({
          type: stage.condition,
          status: 'False',
          reason: 'Progressing',
          message: outcome.message,
        });
        if (outcome.requeueAfterMs !== undefined) {
          requeueAfterMs = Math.min(
            requeueAfterMs ?? Infinity,
            outcome.requeueAfterMs,
          );
        }
      }
    }

    const merged = mergeConditions(previous, desired, now.toISOString());
    let phase: StorePhase = blockedBy ? 'provisioning' : 'ready';
    if (failure) {
      phase = 'failed';
    }
    let failureReason: string | null = failure
      ? `${failure.reason}: ${failure.message}`
      : null;
    if (phase === 'provisioning') {
      const started = provisioningStartedAt(merged.conditions) ?? now.getTime();
      const deadline =
        started + this.#config.reconciler.provisionTimeoutSeconds * 1000;
      if (now.getTime() >= deadline) {
        const waiting = merged.conditions.find(c => c.status !== 'True');
        phase = 'failed';
        failureReason = `Timeout: not ready after ${
          this.#config.reconciler.provisionTimeoutSeconds
        } s; ${waiting?.type}: ${waiting?.message}`;
      } else {
        requeueAfterMs = Math.min(
          requeueAfterMs ?? Infinity,
          deadline - now.getTime() + 100,
        );
      }
    }
    const urls: StoreUrls = phase === 'ready' ? engine.urls(ctx) : store.urls;
    await this.#writeStatus(pass, {
      phase,
      conditions: merged.conditions,
      transitions: merged.transitions,
      failureReason,
      urls,
      events,
    });
    return requeueAfterMs === undefined ? {} : { requeueAfterMs };
  }

  async #ensureStage(
    pass: ReconcilePass,
    engine: StoreEngine,
    secret: GeneratedSecretSpec,
    objects: RenderedObject[],
    heldBefore: boolean,
    events: NewStoreEvent[],
  ): Promise<StageOutcome> {
    const desiredObjects = objects as KubeObject[];
    const cached = desiredObjects.map(({ apiVersion, kind, metadata }) =>
      this.#cache.get(apiVersion, kind, metadata.name, metadata.namespace),
    );
    const going = cached.find(
      live =>
        live &&
        (live.metadata.deletionTimestamp ||
          this.#deletedUids.has(live.metadata.uid ?? '')),
    );
    if (going) {
      return {
        state: 'progressing',
        message: `${going.kind} ${going.metadata.name} is being deleted`,
        requeueAfterMs: DELETION_POLL_MS,
      };
    }
    const isGenerated = (o: KubeObject) =>
      o.kind === 'Secret' && o.metadata.name === secret.name;
    // Jobs are immutable once created: a new template takes effect when the
    // Job is deleted (retry). A generated Secret is never applied.
    const needsWrite = desiredObjects.map(
      (desired, i) =>
        !cached[i] ||
        (!isGenerated(desired) &&
          desired.kind !== 'Job' &&
          !isUpToDate(desired, cached[i]!)),
    );
    if (needsWrite.some(Boolean)) {
      await pass.claim();
    }
    // The writes of one stage do not depend on each other: send them together.
    const lives = await Promise.all(
      desiredObjects.map(async (desired, i) => {
        if (!needsWrite[i]) {
          return cached[i]!;
        }
        if (!isGenerated(desired)) {
          return this.#apply(desired);
        }
        return this.#createGeneratedSecret(desired, secret);
      }),
    );
    desiredObjects.forEach((desired, i) => {
      if (!cached[i] && heldBefore) {
        const what = `${desired.kind} ${desired.metadata.name}`;
        events.push({
          type: 'Warning',
          reason: 'Recreated',
          message: `Recreated ${what}`,
        });
        this.#logger.info(`Repaired drift: recreated ${what}`, {
          storeId: pass.store.id,
        });
      }
    });
    for (const [i, live] of lives.entries()) {
      if (isGenerated(desiredObjects[i])) {
        continue; // present is all a generated Secret needs
      }
      const readiness = engine.judge(live);
      if (readiness.state === 'progressing') {
        return { state: 'progressing', message: readiness.message };
      }
      if (readiness.state === 'failed') {
        const tail =
          live.kind === 'Job'
            ? jobFailureTail(
                live,
                this.#cache.list('v1', 'Pod', live.metadata.namespace),
              )
            : undefined;
        return {
          state: 'failed',
          reason: readiness.reason,
          message: tail ? `${readiness.message}\n${tail}` : readiness.message,
        };
      }
    }
    return { state: 'ready' };
  }

  async #apply(desired: KubeObject): Promise<KubeObject> {
    try {
      return await this.#client.apply(withAppliedHash(desired));
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

  /** Created once with random values; never applied, never overwritten. */
  async #createGeneratedSecret(
    desired: KubeObject,
    spec: GeneratedSecretSpec,
  ): Promise<KubeObject> {
    const data: Record<string, string> = {};
    for (const key of spec.keys) {
      data[key] = Buffer.from(randomBytes(24).toString('base64url')).toString(
        'base64',
      );
    }
    try {
      await this.#client.create({
        ...desired,
        metadata: {
          ...desired.metadata,
          labels: { ...desired.metadata.labels, ...spec.labels },
        },
        type: 'Opaque',
        data,
      });
    } catch (error) {
      if (!isAlreadyExists(error)) {
        throw error;
      }
    }
    return {
      apiVersion: desired.apiVersion,
      kind: desired.kind,
      metadata: { ...desired.metadata },
    };
  }

  async #deleteFailedJobs(
    pass: ReconcilePass,
    engine: StoreEngine,
    objects: RenderedObject[],
    events: NewStoreEvent[],
  ) {
    for (const desired of objects) {
      if (desired.kind !== 'Job') {
        continue;
      }
      const live = this.#cache.get(
        desired.apiVersion,
        desired.kind,
        desired.metadata.name,
        desired.metadata.namespace,
      );
      const uid = live?.metadata.uid;
      if (
        !live ||
        !uid ||
        this.#deletedUids.has(uid) ||
        engine.judge(live).state !== 'failed'
      ) {
        continue;
      }
      await pass.claim();
      await this.#client.delete(live, 'Background');
      this.#deletedUids.add(uid);
      events.push({
        type: 'Normal',
        reason: 'JobRestarted',
        message: `Deleted failed Job ${desired.metadata.name} to run it again`,
      });
    }
  }

  async #reconcileDeletion(pass: ReconcilePass): Promise<WorkResult> {
    const store = pass.store;
    const ref = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: store.namespace },
    };
    const cached = this.#cache.get('v1', 'Namespace', store.namespace);
    // The cache can lag: confirm absence with the API server before the row goes.
    const live = cached ?? (await this.#client.read(ref));
    if (live) {
      if (!live.metadata.deletionTimestamp) {
        await pass.claim();
        // Foreground: the namespace disappears only after everything in it.
        await this.#client.delete(ref, 'Foreground');
        await this.#database.appendEvent(store.id, {
          type: 'Normal',
          reason: 'Deleting',
          message: `Deleting namespace ${store.namespace}`,
        });
      }
      return { requeueAfterMs: DELETION_POLL_MS };
    }
    await pass.claim();
    // markDeleted appends the final `Deleted` event.
    await this.#database.markDeleted(store.id, this.#holder);
    pass.forget();
    await this.#notify(store, { deleted: true });
    return {};
  }

  async #fail(
    pass: ReconcilePass,
    reason: string,
    message: string,
    events: NewStoreEvent[],
  ) {
    await this.#writeStatus(pass, {
      phase: 'failed',
      conditions: pass.store.conditions,
      transitions: [],
      failureReason: `${reason}: ${message}`,
      urls: pass.store.urls,
      events,
    });
  }

  /** Writes status and events only when something changed, then notifies. */
  async #writeStatus(
    pass: ReconcilePass,
    next: {
      phase: StorePhase;
      conditions: StoreCondition[];
      transitions: StoreCondition[];
      failureReason: string | null;
      urls: StoreUrls;
      events: NewStoreEvent[];
    },
  ) {
    const store = pass.store;
    const patch: StoreStatusPatch = {};
    if (next.phase !== store.phase) patch.phase = next.phase;
    if (!sameConditions(next.conditions, store.conditions))
      patch.conditions = next.conditions;
    if (
      (next.failureReason ?? undefined) !== (store.failureReason ?? undefined)
    ) {
      patch.failureReason = next.failureReason;
    }
    if (JSON.stringify(next.urls) !== JSON.stringify(store.urls))
      patch.urls = next.urls;
    if (store.observedGeneration !== store.generation)
      patch.observedGeneration = store.generation;
    if (Object.keys(patch).length === 0 && next.events.length === 0) {
      return;
    }
    await pass.claim();
    const events = [...next.events];
    const phaseEvent = patch.phase
      ? phaseChangeEvent(patch.phase, next.failureReason)
      : undefined;
    if (phaseEvent && patch.phase === 'provisioning') events.push(phaseEvent);
    for (const condition of next.transitions) {
      events.push({
        type: condition.status === 'True' ? 'Normal' : 'Warning',
        reason: condition.type,
        message: `${condition.type} is ${condition.status}: ${condition.message}`,
      });
    }
    if (phaseEvent && patch.phase !== 'provisioning') events.push(phaseEvent);
    const updated = Object.keys(patch).length
      ? await this.#database.updateStatus(store.id, this.#holder, patch)
      : store;
    for (const event of events) {
      await this.#database.appendEvent(store.id, event);
    }
    if (patch.phase || patch.conditions) {
      await this.#notify(updated);
    }
    if (patch.phase) {
      this.#logger.info(`Store ${store.name} is ${patch.phase}`, {
        storeId: store.id,
        reason: next.failureReason ?? undefined,
      });
    }
  }

  async #notify(store: Store, options?: { deleted?: boolean }) {
    try {
      await this.#notifier.storeChanged(store, options);
    } catch (error) {
      this.#logger.warn(`Could not publish the change of store ${store.name}`, {
        error: String(error),
      });
    }
  }
}

function phaseChangeEvent(
  phase: StorePhase,
  failureReason: string | null,
): NewStoreEvent {
  switch (phase) {
    case 'ready':
      return {
        type: 'Normal',
        reason: 'Ready',
        message: 'Every stage holds; the store is ready',
      };
    case 'failed':
      return {
        type: 'Warning',
        reason: 'Failed',
        message: failureReason ?? 'Provisioning failed',
      };
    case 'provisioning':
      return {
        type: 'Normal',
        reason: 'Provisioning',
        message: 'Provisioning the store',
      };
    default:
      return {
        type: 'Normal',
        reason: 'PhaseChanged',
        message: `Phase is ${phase}`,
      };
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

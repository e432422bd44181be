import type { StoreCondition } from '@internal/plugin-stores-common';
import type { KubeObject } from '../kubernetes/KubernetesClient';
import { describeForeign, ownershipOf } from '../kubernetes/ownership';
import type { ReconcileDeps } from './reconcileDeps';
import type { ReconcilePass } from './ReconcilePass';
import { notifyChange, writeStatus } from './status';
import type { WorkResult } from './WorkQueue';

/** How often to look again at a namespace being deleted, until it is overdue. */
const DELETION_POLL_MS = 2000;
/** Longest wait between looks at a namespace stuck terminating. */
const STUCK_POLL_MAX_MS = 60_000;
/** Condition shown on a store whose namespace is stuck terminating. */
export const NAMESPACE_DELETED_CONDITION = 'NamespaceDeleted';

/** The namespace conditions that say why its deletion cannot finish. */
const BLOCKING_NAMESPACE_CONDITIONS = [
  'NamespaceFinalizersRemaining',
  'NamespaceContentRemaining',
  'NamespaceDeletionContentFailure',
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
];

/**
 * A store in `deleting`: delete its namespace (only when it is this
 * store's: someone else's is left in place; Foreground: it disappears
 * only after everything in it), look again every 2 s (the namespace watch
 * also wakes the store), and once the cache and a GET agree it is gone,
 * mark the row deleted. A namespace still terminating after
 * `namespaceDeletionTimeoutSeconds` is reported (Warning event, condition)
 * and then looked at with backoff.
 */
export async function reconcileDeletion(
  deps: ReconcileDeps,
  pass: ReconcilePass,
): Promise<WorkResult> {
  const store = pass.store;
  const ref = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: store.namespace },
  };
  // The cache can lag: confirm absence with the API server before the row goes.
  const namespace =
    deps.cache.get('v1', 'Namespace', store.namespace) ??
    (await deps.client.read(ref));
  const foreign =
    namespace &&
    ownershipOf(namespace, {
      storeId: store.id,
      instanceId: deps.config.instanceId,
    }) === 'foreign';
  if (!namespace || foreign) {
    await pass.claim();
    if (foreign) {
      // Someone else's namespace (the store failed with NameTaken): left as it is.
      await deps.database.appendEvent(store.id, {
        type: 'Normal',
        reason: 'NotOwned',
        message: `Left ${describeForeign(
          namespace,
        )} in place: it is not this store's`,
      });
    }
    // markDeleted appends the final `Deleted` event.
    await deps.database.markDeleted(store.id, deps.holder);
    pass.forget();
    await notifyChange(deps, store, { deleted: true });
    return {};
  }
  if (!namespace.metadata.deletionTimestamp) {
    await pass.claim();
    await deps.client.delete(ref, 'Foreground');
    await deps.database.appendEvent(store.id, {
      type: 'Normal',
      reason: 'Deleting',
      message: `Deleting namespace ${store.namespace}`,
    });
    return { requeueAfterMs: DELETION_POLL_MS };
  }
  return watchTermination(deps, pass, namespace, new Date());
}

async function watchTermination(
  deps: ReconcileDeps,
  pass: ReconcilePass,
  namespace: KubeObject,
  now: Date,
): Promise<WorkResult> {
  const timeoutSeconds = deps.config.reconciler.namespaceDeletionTimeoutSeconds;
  const since = Date.parse(namespace.metadata.deletionTimestamp ?? '');
  const overdueMs =
    now.getTime() -
    (Number.isNaN(since) ? now.getTime() : since) -
    timeoutSeconds * 1000;
  if (overdueMs < 0) {
    return { requeueAfterMs: DELETION_POLL_MS };
  }
  await reportStuck(deps, pass, namespace, timeoutSeconds, now);
  // Each wait as long as the namespace has been overdue: exponential
  // spacing without keeping a count, between 2 s and 1 min.
  return {
    requeueAfterMs: Math.min(
      STUCK_POLL_MAX_MS,
      Math.max(DELETION_POLL_MS, overdueMs),
    ),
  };
}

/** Condition `NamespaceDeleted` False/`Stuck` on the store, and one Warning event when it starts. */
async function reportStuck(
  deps: ReconcileDeps,
  pass: ReconcilePass,
  namespace: KubeObject,
  timeoutSeconds: number,
  now: Date,
) {
  const store = pass.store;
  const message = `Namespace ${
    namespace.metadata.name
  } has been terminating since ${
    namespace.metadata.deletionTimestamp
  } (over ${timeoutSeconds} s): ${terminationBlockers(namespace)}`;
  const current = store.conditions.find(
    c => c.type === NAMESPACE_DELETED_CONDITION,
  );
  const alreadyStuck =
    current?.status === 'False' && current.reason === 'Stuck';
  if (alreadyStuck && current.message === message) {
    return;
  }
  const condition: StoreCondition = {
    type: NAMESPACE_DELETED_CONDITION,
    status: 'False',
    reason: 'Stuck',
    message,
    lastTransitionTime:
      current?.status === 'False'
        ? current.lastTransitionTime
        : now.toISOString(),
  };
  if (!alreadyStuck) {
    deps.logger.warn(message, { storeId: store.id });
  }
  await writeStatus(deps, pass, {
    phase: store.phase,
    conditions: [
      ...store.conditions.filter(c => c.type !== NAMESPACE_DELETED_CONDITION),
      condition,
    ],
    transitions: [],
    failureReason: store.failureReason ?? null,
    urls: store.urls,
    events: alreadyStuck
      ? []
      : [{ type: 'Warning', reason: 'DeletionStuck', message }],
  });
}

/** What the namespace controller says holds the namespace, in its own words. */
function terminationBlockers(namespace: KubeObject): string {
  const conditions =
    (
      namespace.status as
        | {
            conditions?: Array<{
              type?: string;
              status?: string;
              message?: string;
            }>;
          }
        | undefined
    )?.conditions ?? [];
  const reasons = conditions
    .filter(
      c =>
        c.status === 'True' &&
        BLOCKING_NAMESPACE_CONDITIONS.includes(c.type ?? '') &&
        c.message,
    )
    .map(c => c.message as string);
  const finalizers =
    (namespace.metadata.finalizers as string[] | undefined) ?? [];
  if (finalizers.length > 0) {
    reasons.push(`finalizers on the namespace: ${finalizers.join(', ')}`);
  }
  const text = reasons.length
    ? reasons.join('; ')
    : 'the namespace controller reports no reason';
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

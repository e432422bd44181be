import type { Store } from '@internal/plugin-stores-common';
import type {
  KubeObject,
  KubernetesClient,
} from '../../kubernetes/KubernetesClient';
import type { Reconciler } from '../Reconciler';

/** A store the reconciler is done with for now: ready or failed. */
export const settled = (store: Store | undefined) =>
  store?.phase === 'ready' || store?.phase === 'failed';

/**
 * Polls `read` until `predicate` holds; fails after `timeoutMs` with what it
 * was waiting for and the last value seen (or `summary` of it).
 */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  predicate: (value: T) => boolean,
  options: {
    timeoutMs?: number;
    intervalMs?: number;
    summary?: (value: T) => unknown;
  } = {},
): Promise<T> {
  const { timeoutMs = 60_000, intervalMs = 200, summary = v => v } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (predicate(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: not within ${timeoutMs} ms; last seen: ${String(
          JSON.stringify(summary(value)),
        ).slice(0, 4000)}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}

/** Deletes a namespace the test made; one already gone is fine. */
export async function deleteNamespace(
  kube: KubernetesClient | undefined,
  name: string,
): Promise<void> {
  await kube
    ?.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
    .catch(() => undefined);
}

/** The objects of one kind in a namespace. */
export async function listInNamespace(
  kube: KubernetesClient,
  apiVersion: string,
  kind: string,
  namespace: string,
): Promise<KubeObject[]> {
  return (await kube.list({ apiVersion, kind, namespace })).items;
}

/**
 * The writes (create, apply, delete) that one full resync makes once the
 * queue is idle. `settleMs` waits that long and for idle again first, so the
 * watch events of the reconciler's own last writes have arrived.
 */
export async function writesByResync(
  reconciler: Reconciler,
  kube: KubernetesClient,
  options: { settleMs?: number } = {},
): Promise<{ create: number; apply: number; delete: number }> {
  await reconciler.whenIdle();
  if (options.settleMs) {
    await new Promise(resolve => setTimeout(resolve, options.settleMs));
    await reconciler.whenIdle();
  }
  const before = kube.requestCounts();
  await reconciler.resync();
  await reconciler.whenIdle();
  const after = kube.requestCounts();
  return {
    create: after.create - before.create,
    apply: after.apply - before.apply,
    delete: after.delete - before.delete,
  };
}

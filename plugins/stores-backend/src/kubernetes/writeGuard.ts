import { AsyncLocalStorage } from 'node:async_hooks';

/** Throws when a write must not be sent any more (for example: the lease ran out). */
export type WriteGuard = () => void;

const guards = new AsyncLocalStorage<WriteGuard>();

/**
 * Runs `work` with `guard` checked right before each write it sends through
 * the {@link KubernetesClient}, after the client's rate limiter: a write can
 * wait there for seconds on a busy replica, so a check made before the call
 * (the reconcile pass's check before each wave) can be stale by the time the
 * request leaves. Carried by the async context, as the response status is,
 * so every helper of a pass is covered without passing the guard around.
 */
export function guardWrites<T>(
  guard: WriteGuard,
  work: () => Promise<T>,
): Promise<T> {
  return guards.run(guard, work);
}

/** Runs the guard of the current async context, if any (it throws to stop the write). */
export function checkWriteGuard(): void {
  guards.getStore()?.();
}

import type { KubeObject } from '../kubernetes/KubernetesClient';

/**
 * Objects this process has just written, until the watch shows the result.
 * A pass that runs in between (another watch event, a resync) would read
 * the object as it was before the write — or a status update made before it,
 * delivered late — and take our own repair for drift again: it works from
 * what the API server answered instead. An entry goes as soon as the cache
 * shows our write or anything newer, or after `ttlMs`.
 *
 * Creates are kept by key (the store and the object's reference) until the
 * cache shows the object: each kind has its own watch, so a pass woken by
 * one new object's event may find its siblings, created in the same pass,
 * not yet cached, and would create them again (a 409 and a read each).
 */
export class RecentlyApplied {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #byUid = new Map<
    string,
    { staleVersion?: string; live: KubeObject; expiresAt: number }
  >();
  readonly #created = new Map<
    string,
    { live: KubeObject; expiresAt: number }
  >();

  static create(options: { ttlMs?: number; now?: () => number } = {}) {
    return new RecentlyApplied(
      options.ttlMs ?? 60_000,
      options.now ?? Date.now,
    );
  }

  private constructor(ttlMs: number, now: () => number) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** `before` is the cached object the write replaced, `live` the API server's answer. */
  remember(before: KubeObject, live: KubeObject): void {
    const uid = before.metadata.uid;
    if (!uid || uid !== live.metadata.uid) {
      return;
    }
    this.#byUid.set(uid, {
      staleVersion: before.metadata.resourceVersion,
      live,
      expiresAt: this.#now() + this.#ttlMs,
    });
  }

  /** `live` is the API server's answer to our create of the object under `key`. */
  rememberCreated(key: string, live: KubeObject): void {
    this.#created.set(key, { live, expiresAt: this.#now() + this.#ttlMs });
  }

  /**
   * The object to work from: our create's answer while the cache does not
   * show the object yet, our write's answer while it still shows what the
   * write replaced, else the cached object.
   */
  current(key: string, cached: KubeObject | undefined): KubeObject | undefined {
    const created = this.#created.get(key);
    if (created) {
      if (!cached && created.expiresAt > this.#now()) {
        return created.live;
      }
      // Cached (ours, or something newer, or another object under the same
      // name), or our create is too old to trust the cache has not seen it.
      this.#created.delete(key);
    }
    const uid = cached?.metadata.uid;
    const entry = uid ? this.#byUid.get(uid) : undefined;
    if (!cached || !entry) {
      return cached;
    }
    if (entry.expiresAt > this.#now() && isOlder(cached, entry)) {
      return entry.live;
    }
    this.#byUid.delete(uid!);
    return cached;
  }

  get size(): number {
    return this.#byUid.size + this.#created.size;
  }
}

/**
 * Whether the cached object predates our write. resourceVersions are opaque
 * in the API's contract, but the API server serves etcd revisions, which
 * only grow; anything else falls back to "exactly the version we replaced".
 */
function isOlder(
  cached: KubeObject,
  entry: { staleVersion?: string; live: KubeObject },
): boolean {
  const seen = cached.metadata.resourceVersion;
  const ours = entry.live.metadata.resourceVersion;
  if (seen && ours && /^\d+$/.test(seen) && /^\d+$/.test(ours)) {
    return BigInt(seen) < BigInt(ours);
  }
  return seen === entry.staleVersion;
}

/**
 * Uids of objects this process deleted. The watch cache can still show such
 * an object for a moment after the delete; a pass must not act on it (judge a
 * deleted failed Job again, or count it as present). Only that moment
 * matters, so the memory is bounded: an entry expires after `ttlMs`, and at
 * most `maxEntries` are kept (the oldest go first).
 */
export class RecentlyDeleted {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  /** uid → expiry time; Map order is insertion order, so the oldest come first. */
  readonly #expiresAt = new Map<string, number>();

  static create(
    options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
  ) {
    return new RecentlyDeleted(
      options.ttlMs ?? 10 * 60_000,
      options.maxEntries ?? 10_000,
      options.now ?? Date.now,
    );
  }

  private constructor(ttlMs: number, maxEntries: number, now: () => number) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = Math.max(1, maxEntries);
    this.#now = now;
  }

  add(uid: string): void {
    this.#expiresAt.delete(uid); // re-inserted at the end: newest
    this.#expiresAt.set(uid, this.#now() + this.#ttlMs);
    this.#prune();
  }

  has(uid: string | undefined): boolean {
    if (uid === undefined) {
      return false;
    }
    const expiresAt = this.#expiresAt.get(uid);
    if (expiresAt === undefined) {
      return false;
    }
    if (expiresAt <= this.#now()) {
      this.#expiresAt.delete(uid);
      return false;
    }
    return true;
  }

  get size(): number {
    return this.#expiresAt.size;
  }

  #prune() {
    const now = this.#now();
    // Every entry has the same time to live, so expired ones are at the front.
    for (const [uid, expiresAt] of this.#expiresAt) {
      if (expiresAt > now && this.#expiresAt.size <= this.#maxEntries) {
        break;
      }
      this.#expiresAt.delete(uid);
    }
  }
}

import {
  APPLIED_HASH_ANNOTATION,
  hashOf,
  isUpToDate,
  withAppliedHash,
} from './appliedHash';
import { TokenBucket } from './TokenBucket';

describe('applied hash', () => {
  const desired = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', namespace: 'n', labels: { a: '1', b: '2' } },
    spec: { ports: [{ port: 80 }] },
  };

  it('is independent of key order and of the hash annotation itself', () => {
    const reordered = {
      spec: { ports: [{ port: 80 }] },
      metadata: { labels: { b: '2', a: '1' }, namespace: 'n', name: 's' },
      kind: 'Service',
      apiVersion: 'v1',
    };
    expect(hashOf(reordered)).toBe(hashOf(desired));
    const applied = withAppliedHash(desired);
    expect(applied.metadata.annotations?.[APPLIED_HASH_ANNOTATION]).toBe(
      hashOf(desired),
    );
    expect(hashOf(applied)).toBe(hashOf(desired));
  });

  it('tells whether the live object was applied from this desired object', () => {
    const live = { ...withAppliedHash(desired), status: { loadBalancer: {} } };
    expect(isUpToDate(desired, live)).toBe(true);
    expect(
      isUpToDate({ ...desired, spec: { ports: [{ port: 81 }] } }, live),
    ).toBe(false);
    expect(isUpToDate(desired, { ...desired })).toBe(false);
  });

  it('converges on an object applied with another hash (an older version): one apply, then up to date', () => {
    const stale = {
      ...desired,
      metadata: {
        ...desired.metadata,
        annotations: { [APPLIED_HASH_ANNOTATION]: 'hash-of-an-older-version' },
      },
    };
    expect(isUpToDate(desired, stale)).toBe(false);
    // What the reconciler applies, and the API server then returns.
    const reapplied = withAppliedHash(desired);
    expect(isUpToDate(desired, reapplied)).toBe(true);
  });

  it('hashes as before the library replaced the hand-written key sorting', () => {
    // Pinned: a change here re-applies every live object once.
    expect(hashOf(desired)).toBe('0fe5b99391c878189357cd5351482d69');
  });
});

describe('TokenBucket', () => {
  it('lets a burst through at once, then paces requests at qps', async () => {
    let now = 0;
    const bucket = TokenBucket.create({ qps: 10, burst: 3, now: () => now });
    await bucket.acquire();
    await bucket.acquire();
    await bucket.acquire();
    let fourth = false;
    const pending = bucket.acquire().then(() => (fourth = true));
    await new Promise(r => setTimeout(r, 20));
    expect(fourth).toBe(false);
    now += 100; // one token refills after 1/qps seconds
    await pending;
    expect(fourth).toBe(true);
  });

  it('rejects a nonsensical rate', () => {
    expect(() => TokenBucket.create({ qps: 0, burst: 1 })).toThrow(/positive/);
  });
});

import type { KubeObject } from '../kubernetes/KubernetesClient';
import { RecentlyApplied } from './RecentlyApplied';

function version(resourceVersion: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'wordpress', uid: 'u1', resourceVersion },
    spec: { replicas },
  };
}

describe('RecentlyApplied', () => {
  it('answers with our write while the cache still shows the object it replaced', () => {
    const recent = RecentlyApplied.create();
    const drifted = version('10', 0);
    const repaired = version('11', 1);
    recent.remember(drifted, repaired);
    expect(recent.current('k', drifted)).toBe(repaired);
  });

  it('answers with our write while the cache shows anything older, such as a status update delivered late', () => {
    const recent = RecentlyApplied.create();
    recent.remember(version('10', 0), version('12', 1));
    const statusUpdate = version('11', 0);
    expect(recent.current('k', statusUpdate)).toEqual(version('12', 1));
    const ours = version('12', 1);
    expect(recent.current('k', ours)).toBe(ours);
    expect(recent.size).toBe(0);
  });

  it('forgets the write once the cache shows a newer version', () => {
    const recent = RecentlyApplied.create();
    recent.remember(version('10', 0), version('11', 1));
    const newer = version('12', 3);
    expect(recent.current('k', newer)).toBe(newer);
    expect(recent.size).toBe(0);
    expect(recent.current('k', version('10', 0))).toEqual(version('10', 0));
  });

  it('forgets a write after its time, and ignores objects it never saw', () => {
    let now = 0;
    const recent = RecentlyApplied.create({ ttlMs: 1000, now: () => now });
    recent.remember(version('10', 0), version('11', 1));
    now = 1001;
    expect(recent.current('k', version('10', 0))).toEqual(version('10', 0));
    expect(recent.size).toBe(0);
    expect(recent.current('k', undefined)).toBeUndefined();
    const other = { ...version('5', 1), metadata: { name: 'x', uid: 'u2' } };
    expect(recent.current('k', other)).toBe(other);
  });

  it('answers with our create until the cache shows the object, then with the cache', () => {
    const recent = RecentlyApplied.create({ ttlMs: 1000, now: () => 0 });
    const created = version('7', 1);
    recent.rememberCreated('store-1/Deployment/wordpress', created);
    expect(recent.current('store-1/Deployment/wordpress', undefined)).toBe(
      created,
    );
    expect(recent.current('store-2/Deployment/wordpress', undefined)).toBe(
      undefined,
    );
    const cached = version('8', 1);
    expect(recent.current('store-1/Deployment/wordpress', cached)).toBe(cached);
    expect(recent.size).toBe(0);
    // Once the cache has shown it, an absent object is gone.
    expect(
      recent.current('store-1/Deployment/wordpress', undefined),
    ).toBeUndefined();
  });

  it('forgets a create the cache never showed after its time', () => {
    let now = 0;
    const recent = RecentlyApplied.create({ ttlMs: 1000, now: () => now });
    recent.rememberCreated('k', version('7', 1));
    now = 1001;
    expect(recent.current('k', undefined)).toBeUndefined();
    expect(recent.size).toBe(0);
  });
});

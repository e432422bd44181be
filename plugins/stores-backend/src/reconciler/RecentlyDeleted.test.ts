import { RecentlyDeleted } from './RecentlyDeleted';

describe('RecentlyDeleted', () => {
  it('remembers a uid until its time to live has passed', () => {
    let now = 0;
    const deleted = RecentlyDeleted.create({ ttlMs: 1000, now: () => now });
    deleted.add('a');
    expect(deleted.has('a')).toBe(true);
    expect(deleted.has('b')).toBe(false);
    expect(deleted.has(undefined)).toBe(false);
    now = 999;
    expect(deleted.has('a')).toBe(true);
    now = 1000;
    expect(deleted.has('a')).toBe(false);
    expect(deleted.size).toBe(0);
  });

  it('drops expired entries as new ones arrive, so the memory does not grow with time', () => {
    let now = 0;
    const deleted = RecentlyDeleted.create({ ttlMs: 1000, now: () => now });
    for (let i = 0; i < 10_000; i++) {
      now = i * 10; // 100 deletions per time to live
      deleted.add(`uid-${i}`);
    }
    expect(deleted.size).toBeLessThanOrEqual(101);
    expect(deleted.has('uid-9999')).toBe(true);
    expect(deleted.has('uid-0')).toBe(false);
  });

  it('keeps at most maxEntries, the oldest going first', () => {
    const deleted = RecentlyDeleted.create({
      ttlMs: 60_000,
      maxEntries: 3,
      now: () => 0,
    });
    ['a', 'b', 'c', 'd'].forEach(uid => deleted.add(uid));
    expect(deleted.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].map(uid => deleted.has(uid))).toEqual([
      false,
      true,
      true,
      true,
    ]);
    deleted.add('b'); // added again: newest now
    deleted.add('e');
    expect(['b', 'c', 'd', 'e'].map(uid => deleted.has(uid))).toEqual([
      true,
      false,
      true,
      true,
    ]);
  });
});

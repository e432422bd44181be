import { mockServices } from '@backstage/backend-test-utils';
import type { Store } from '@internal/plugin-stores-common';
import { RolloutGate } from './RolloutGate';

function store(n: number, generation = 1): Store {
  return {
    id: `id-${n}`,
    name: `s${n}`,
    generation,
    // Store 1 is the oldest.
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
    phase: 'ready',
  } as Store;
}

function gate(config = { maxConcurrent: 2, failureThreshold: 2 }) {
  let now = 0;
  const woken: string[] = [];
  const events: Array<{ id: string; reason: string }> = [];
  const g = RolloutGate.create({
    config: { ...config, progressDeadlineSeconds: 10 },
    database: {
      appendEvent: async (id, event) =>
        void events.push({ id, reason: event.reason }),
    },
    logger: mockServices.logger.mock(),
    wake: ids => woken.push(...ids),
    now: () => now,
  });
  return {
    g,
    woken,
    events,
    advance: (ms: number) => (now += ms),
  };
}

const outdated = () => true;

describe('RolloutGate', () => {
  it('gives no turn before every live store was looked at, then the oldest generations first, at most maxConcurrent; a done store wakes the next', async () => {
    const { g, woken } = gate();
    const stores = [5, 3, 1, 4, 2].map(n => store(n, n === 5 ? 0 : 1));
    g.expect(stores.map(s => s.id));
    // First looks: all held while someone is still unseen.
    const held = stores.slice(0, -1).map(s => {
      g.seen(s.id, s);
      return g.admit(s, true, outdated).hold;
    });
    expect(held).toEqual([true, true, true, true]);
    g.seen(stores[4].id, stores[4]);
    // The last look woke the two oldest generations: s5 (generation 0), then s1.
    expect(woken).toEqual(['id-5', 'id-1']);
    expect(g.admit(stores[4], true, outdated).hold).toBe(true); // s2: not its turn
    expect(g.admit(store(5, 0), true, outdated).hold).toBe(false);
    expect(g.admit(store(1), true, outdated).hold).toBe(false);
    expect(g.admit(store(3), true, outdated).hold).toBe(true);
    expect(g.status()).toMatchObject({
      state: 'rolling',
      inProgress: 2,
      pending: 3,
    });
    woken.length = 0;
    // The pass that applied the change cannot tell: not done yet.
    expect(await g.settle(store(5, 0), 'ready', null)).toBe(10_100);
    expect(woken).toEqual([]);
    await g.settle(store(5, 0), 'ready', null);
    expect(woken).toEqual(['id-2']);
    expect(g.admit(store(2), true, outdated).hold).toBe(false);
    expect(g.admitted).toEqual(['id-5', 'id-1', 'id-2']);
  });

  it('never holds a new generation or a store that is up to date', () => {
    const { g } = gate({ maxConcurrent: 1, failureThreshold: 1 });
    g.expect([]);
    expect(g.admit(store(1), true, outdated).hold).toBe(false);
    expect(g.admit(store(2), true, outdated).hold).toBe(true);
    // Its own edit: a new generation, not established.
    expect(g.admit(store(2, 2), false, outdated).hold).toBe(false);
    expect(g.admit(store(3), true, () => false).hold).toBe(false);
    expect(g.status()).toMatchObject({ pending: 0, inProgress: 1 });
  });

  it('counts a store failed past the deadline, and pauses at the threshold with events', async () => {
    const { g, events, advance } = gate({
      maxConcurrent: 2,
      failureThreshold: 2,
    });
    g.expect([]);
    const [a, b, c] = [store(1), store(2), store(3)];
    expect(g.admit(a, true, outdated).hold).toBe(false);
    expect(g.admit(b, true, outdated).hold).toBe(false);
    expect(g.admit(c, true, outdated).hold).toBe(true);
    await g.settle(a, 'ready', null); // the applying pass
    await g.settle(b, 'ready', null);
    advance(4000);
    // Not ready yet: look again at the deadline.
    expect(await g.settle(a, 'degraded', 'WordPressReady: x')).toBe(6100);
    advance(7000);
    expect(await g.settle(a, 'degraded', 'WordPressReady: x')).toBeUndefined();
    expect(g.status()).toMatchObject({ state: 'rolling', failed: 1 });
    // The free slot goes to c.
    expect(g.admit(c, true, outdated).hold).toBe(false);
    await g.settle(c, 'degraded', null); // the applying pass
    await g.settle(b, 'degraded', 'WordPressReady: x');
    const status = g.status();
    expect(status).toMatchObject({ state: 'paused', failed: 2, inProgress: 1 });
    expect(status.pauseReason).toMatch(/2 stores were not ready within 10 s/);
    expect(events).toEqual([
      { id: 'id-1', reason: 'RolloutFailed' },
      { id: 'id-2', reason: 'RolloutFailed' },
      { id: 'id-2', reason: 'RolloutPaused' },
    ]);
    // Paused: a new candidate waits; the one in progress finishes.
    expect(g.admit(store(4), true, outdated).hold).toBe(true);
    await g.settle(c, 'ready', null);
    expect(g.status()).toMatchObject({ state: 'paused', done: 1, pending: 1 });
  });

  it('forgets a store that is deleted while it waits', () => {
    const { g } = gate({ maxConcurrent: 1, failureThreshold: 1 });
    g.expect([]);
    g.admit(store(1), true, outdated);
    g.admit(store(2), true, outdated);
    g.seen('id-2', undefined);
    expect(g.status()).toMatchObject({ pending: 0, inProgress: 1 });
  });
});

import { backoffDelayMs, WorkQueue, workerShare } from './WorkQueue';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(r => (resolve = r));
  return { promise, resolve };
}

describe('WorkQueue', () => {
  it('de-duplicates waiting keys and bounds concurrency', async () => {
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const started: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const queue = WorkQueue.create({
      concurrency: 2,
      backoffBaseMs: 10,
      backoffMaxMs: 100,
      process: async key => {
        started.push(key);
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        const gate = deferred();
        gates.set(key, gate);
        await gate.promise;
        running -= 1;
      },
    });
    // Urgent keys may take every worker (the others leave one free for them).
    ['a', 'b', 'c', 'c', 'c', 'd'].forEach(k => queue.add(k, 'urgent'));
    await new Promise(r => setImmediate(r));
    expect(started).toEqual(['a', 'b']);
    gates.get('a')!.resolve();
    gates.get('b')!.resolve();
    await new Promise(r => setImmediate(r));
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    gates.get('c')!.resolve();
    gates.get('d')!.resolve();
    await queue.whenIdle();
    expect(maxRunning).toBe(2);
  });

  it('never runs one key twice at once, and re-runs a key added while it was processed', async () => {
    const gate = deferred();
    let running = 0;
    let overlapped = false;
    let runs = 0;
    const queue = WorkQueue.create({
      concurrency: 4,
      backoffBaseMs: 10,
      backoffMaxMs: 100,
      process: async () => {
        runs += 1;
        running += 1;
        overlapped ||= running > 1;
        if (runs === 1) await gate.promise;
        running -= 1;
      },
    });
    queue.add('k');
    await new Promise(r => setImmediate(r));
    queue.add('k');
    queue.add('k');
    gate.resolve();
    await queue.whenIdle();
    await new Promise(r => setImmediate(r));
    await queue.whenIdle();
    expect(runs).toBe(2);
    expect(overlapped).toBe(false);
  });

  it('retries failures with capped exponential backoff, reset by a success', async () => {
    // No jitter: the plain exponential delays.
    const { queue, errors, calls, settled } = flakyQueue(4, () => 0);
    await settled();
    expect(errors).toEqual([5, 10, 20, 20]);
    expect(calls()).toBe(5);
    expect(queue.backoffMs(1)).toBe(5);
    await queue.stop();
  });

  it('takes up to half of each retry delay off at random (jitter), from the random source it is given', async () => {
    const draws = [0.5, 0.999, 0.25];
    const { queue, errors, settled } = flakyQueue(3, () => draws.shift() ?? 0);
    await settled();
    // 5 * (1 - 0.5 * 0.5), 10 * (1 - 0.5 * 0.999), 20 * (1 - 0.5 * 0.25)
    expect(errors).toEqual([4, 5, 18]);
    await queue.stop();
  });
});

/**
 * A one-worker queue (backoff from 5 ms, doubling, at most 20 ms) on key `k`
 * whose first `failures` passes throw; records each retry delay it reports.
 */
function flakyQueue(failures: number, random: () => number) {
  const errors: number[] = [];
  let calls = 0;
  const queue = WorkQueue.create({
    concurrency: 1,
    backoffBaseMs: 5,
    backoffMaxMs: 20,
    random,
    process: async () => {
      calls += 1;
      if (calls <= failures) throw new Error('transient');
    },
    onError: (_key, _error, retryInMs) => errors.push(retryInMs),
  });
  queue.add('k');
  return {
    queue,
    errors,
    calls: () => calls,
    /** Until the pass after the last failure ran (at most 100 polls). */
    settled: async () => {
      for (let i = 0; i < 100 && calls <= failures; i++) {
        await new Promise(r => setTimeout(r, 10));
      }
    },
  };
}

/** A queue whose passes each wait until the test ends them, recording the order they start in. */
function gatedQueue(concurrency: number) {
  const started: string[] = [];
  const gates = new Map<string, ReturnType<typeof deferred>>();
  const queue = WorkQueue.create({
    concurrency,
    backoffBaseMs: 10,
    backoffMaxMs: 100,
    process: async key => {
      started.push(key);
      const gate = deferred();
      gates.set(key, gate);
      await gate.promise;
    },
  });
  const finish = async (...keys: string[]) => {
    keys.forEach(key => gates.get(key)!.resolve());
    await jest.advanceTimersByTimeAsync(0);
  };
  return { queue, started, finish };
}

describe('WorkQueue priorities and fairness', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('gives resyncs half the workers, normal work all but one, urgent work all', () => {
    expect(
      [1, 2, 4, 8].map(n => [
        workerShare('urgent', n),
        workerShare('normal', n),
        workerShare('resync', n),
      ]),
    ).toEqual([
      [1, 1, 1],
      [2, 1, 1],
      [4, 3, 2],
      [8, 7, 4],
    ]);
  });

  it('takes urgent keys before watch events before resyncs, first in first out within each', async () => {
    const { queue, started, finish } = gatedQueue(1);
    queue.add('busy', 'urgent');
    ['r1', 'r2', 'r3'].forEach(k => queue.add(k, 'resync'));
    queue.add('n1');
    queue.add('u1', 'urgent');
    queue.add('n2', 'normal');
    queue.add('u2', 'urgent');
    await jest.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['busy']);
    for (const key of ['busy', 'u1', 'u2', 'n1', 'n2', 'r1', 'r2']) {
      await finish(key);
    }
    await finish('r3');
    expect(started).toEqual(['busy', 'u1', 'u2', 'n1', 'n2', 'r1', 'r2', 'r3']);
    await queue.whenIdle();
  });

  it('moves a waiting key up when it is added again more urgently, and runs it once', async () => {
    const { queue, started, finish } = gatedQueue(1);
    queue.add('busy', 'urgent');
    ['r1', 'store', 'r2'].forEach(k => queue.add(k, 'resync'));
    queue.add('store', 'urgent');
    queue.add('store', 'resync'); // a later resync does not move it down
    await finish('busy');
    expect(started).toEqual(['busy', 'store']);
    await finish('store');
    await finish('r1');
    await finish('r2');
    expect(started).toEqual(['busy', 'store', 'r1', 'r2']);
    expect(queue.length).toBe(0);
  });

  it('starts a create at once while a resync of every store and a few slow passes hold the other workers', async () => {
    const { queue, started, finish } = gatedQueue(4);
    for (let i = 0; i < 100; i++) queue.add(`resync-${i}`, 'resync');
    await jest.advanceTimersByTimeAsync(0);
    // Resyncs take half the workers; the other half stays free.
    expect(started).toEqual(['resync-0', 'resync-1']);
    // A few slow stores (watch events) take what normal work may have.
    ['slow-1', 'slow-2', 'slow-3'].forEach(k => queue.add(k));
    await jest.advanceTimersByTimeAsync(0);
    expect(started.slice(2)).toEqual(['slow-1']);
    // Nothing ends; a create and a takeover still start, the second as soon
    // as a worker is free.
    queue.add('create', 'urgent');
    queue.add('takeover', 'urgent');
    await jest.advanceTimersByTimeAsync(0);
    expect(started.slice(3)).toEqual(['create']);
    await finish('resync-0');
    expect(started.slice(4)).toEqual(['takeover']);
    // Resyncs go on only within their share.
    await finish('create', 'takeover');
    expect(started.slice(5)).toEqual(['slow-2', 'resync-2']);
  });

  it('keeps the most urgent priority of a delayed key, of a requeue and of a key added while it ran', async () => {
    const runs: string[] = [];
    let first = true;
    const gate = deferred();
    const queue = WorkQueue.create({
      concurrency: 1,
      backoffBaseMs: 10,
      backoffMaxMs: 100,
      process: async key => {
        runs.push(key);
        if (key === 'held' && first) {
          first = false;
          // Leased elsewhere: look again as a takeover once it runs out.
          return { requeueAfterMs: 1000, priority: 'urgent' as const };
        }
        if (key === 'blocker') await gate.promise;
        return undefined;
      },
    });
    queue.add('held');
    await jest.advanceTimersByTimeAsync(0);
    queue.add('blocker', 'urgent');
    await jest.advanceTimersByTimeAsync(0);
    // While 'blocker' runs: resyncs wait, a later normal delay of 'held'
    // neither postpones it nor takes away its urgency, and 'blocker' is
    // added again (dirty) as urgent.
    ['r1', 'r2'].forEach(k => queue.add(k, 'resync'));
    queue.addAfter('held', 5000);
    queue.add('blocker', 'urgent');
    await jest.advanceTimersByTimeAsync(1000);
    gate.resolve();
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toEqual(['held', 'blocker', 'held', 'blocker', 'r1', 'r2']);
    await jest.advanceTimersByTimeAsync(5000);
    expect(runs).toHaveLength(6);
  });
});

describe('backoffDelayMs', () => {
  it('stays between half and all of the capped exponential delay', () => {
    const delay = (failures: number, random: number) =>
      backoffDelayMs({
        failures,
        baseMs: 1000,
        maxMs: 60_000,
        random: () => random,
      });
    expect([1, 2, 3, 7, 8, 50].map(n => delay(n, 0))).toEqual([
      1000, 2000, 4000, 60_000, 60_000, 60_000,
    ]);
    expect([1, 2, 3, 7, 8, 50].map(n => delay(n, 0.9999999))).toEqual([
      500, 1000, 2000, 30_000, 30_000, 30_000,
    ]);
    expect(delay(3, 0.5)).toBe(3000);
  });
});

import { backoffDelayMs, WorkQueue } from './WorkQueue';

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
    ['a', 'b', 'c', 'c', 'c', 'd'].forEach(k => queue.add(k));
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
    const errors: number[] = [];
    let calls = 0;
    const queue = WorkQueue.create({
      concurrency: 1,
      backoffBaseMs: 5,
      backoffMaxMs: 20,
      random: () => 0, // no jitter: the plain exponential delays

      process: async () => {
        calls += 1;
        if (calls <= 4) throw new Error('transient');
      },
      onError: (_key, _error, retryInMs) => errors.push(retryInMs),
    });
    queue.add('k');
    for (let i = 0; i < 100 && calls < 5; i++) {
      await new Promise(r => setTimeout(r, 10));
    }
    expect(errors).toEqual([5, 10, 20, 20]);
    expect(calls).toBe(5);
    expect(queue.backoffMs(1)).toBe(5);
    await queue.stop();
  });

  it('takes up to half of each retry delay off at random (jitter), from the random source it is given', async () => {
    const draws = [0.5, 0.999, 0.25];
    const errors: number[] = [];
    let calls = 0;
    const queue = WorkQueue.create({
      concurrency: 1,
      backoffBaseMs: 5,
      backoffMaxMs: 20,
      random: () => draws.shift() ?? 0,
      process: async () => {
        calls += 1;
        if (calls <= 3) throw new Error('transient');
      },
      onError: (_key, _error, retryInMs) => errors.push(retryInMs),
    });
    queue.add('k');
    for (let i = 0; i < 100 && calls < 4; i++) {
      await new Promise(r => setTimeout(r, 10));
    }
    // 5 * (1 - 0.5 * 0.5), 10 * (1 - 0.5 * 0.999), 20 * (1 - 0.5 * 0.25)
    expect(errors).toEqual([4, 5, 18]);
    await queue.stop();
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

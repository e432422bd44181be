import { WorkQueue } from '../reconciler/WorkQueue';

/** The queue-wait metric's source: how long a key waited before a worker took it. */
describe('WorkQueue onTake', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('reports each key once per wait, from its first add, with the priority it was taken at', async () => {
    const taken: Array<[string, string, number]> = [];
    let release!: () => void;
    const queue = WorkQueue.create({
      concurrency: 1,
      backoffBaseMs: 10,
      backoffMaxMs: 100,
      process: key =>
        key === 'a'
          ? new Promise<void>(resolve => (release = resolve))
          : Promise.resolve(),
      onTake: (key, priority, waitedMs) =>
        taken.push([key, priority, waitedMs]),
    });
    queue.add('a', 'urgent');
    queue.add('b', 'resync');
    jest.advanceTimersByTime(1500);
    // b moves up: its wait still counts from its first add.
    queue.add('b', 'normal');
    jest.advanceTimersByTime(500);
    release();
    await jest.advanceTimersByTimeAsync(0);
    await queue.whenIdle();
    expect(taken).toEqual([
      ['a', 'urgent', 0],
      ['b', 'normal', 2000],
    ]);
  });
});

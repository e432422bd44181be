import { mockServices } from '@backstage/backend-test-utils';
import { LeaseTakeover, takeoverIntervalMs } from './LeaseTakeover';

describe('LeaseTakeover', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('scans eight times per lease, never more often than every 250 ms', () => {
    expect(takeoverIntervalMs(4000)).toBe(500);
    expect(takeoverIntervalMs(30_000)).toBe(3750);
    expect(takeoverIntervalMs(1000)).toBe(250);
  });

  it('hands over the stores whose lease ran out, one scan at a time, until stopped', async () => {
    let release!: () => void;
    const answers: Array<string[] | Error | 'slow'> = [
      [],
      ['a', 'b'],
      new Error('connect ECONNREFUSED'),
      'slow',
      ['c'],
    ];
    const reapExpiredLeases = jest.fn(async () => {
      const answer = answers.shift() ?? [];
      if (answer instanceof Error) throw answer;
      if (answer === 'slow') {
        await new Promise<void>(resolve => (release = resolve));
        return ['d'];
      }
      return answer;
    });
    const taken: string[] = [];
    const takeover = LeaseTakeover.create({
      database: { reapExpiredLeases },
      logger: mockServices.logger.mock(),
      leaseMs: 4000,
      takeOver: id => taken.push(id),
    });
    takeover.start();
    await jest.advanceTimersByTimeAsync(499);
    expect(reapExpiredLeases).toHaveBeenCalledTimes(0);
    await jest.advanceTimersByTimeAsync(1);
    await jest.advanceTimersByTimeAsync(500);
    expect(taken).toEqual(['a', 'b']);
    // A failed scan is tried again at the next tick.
    await jest.advanceTimersByTimeAsync(500);
    expect(reapExpiredLeases).toHaveBeenCalledTimes(3);
    // A slow scan: the ticks meanwhile start none beside it.
    await jest.advanceTimersByTimeAsync(2000);
    expect(reapExpiredLeases).toHaveBeenCalledTimes(4);
    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(taken).toEqual(['a', 'b', 'd']);
    await jest.advanceTimersByTimeAsync(500);
    expect(taken).toEqual(['a', 'b', 'd', 'c']);
    await takeover.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(reapExpiredLeases).toHaveBeenCalledTimes(5);
  });
});

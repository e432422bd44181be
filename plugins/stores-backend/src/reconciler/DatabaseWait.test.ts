import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseWait } from './DatabaseWait';

describe('DatabaseWait', () => {
  it('retries the first read with backoff until the database answers, reporting not ready meanwhile', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    let readinessWhileWaiting: unknown;
    const database = {
      listLiveStoreIds: async () => {
        calls += 1;
        if (calls <= 3) {
          throw new Error('connect ECONNREFUSED 127.0.0.1:5432\n    at stack');
        }
        return ['a', 'b'];
      },
    };
    const wait: DatabaseWait = DatabaseWait.create({
      database,
      logger: mockServices.logger.mock(),
      backoffBaseMs: 1000,
      backoffMaxMs: 3000,
      random: () => 0,
      sleep: async ms => {
        sleeps.push(ms);
        readinessWhileWaiting ??= await wait.check().catch(e => e);
      },
    });

    await expect(wait.liveStoreIds()).resolves.toEqual(['a', 'b']);
    expect(sleeps).toEqual([1000, 2000, 3000]);
    expect(String(readinessWhileWaiting)).toBe(
      'ServiceUnavailableError: reconciler waiting for the database (connect ECONNREFUSED 127.0.0.1:5432)',
    );
    await expect(wait.check()).resolves.toBeUndefined();
  });

  it('is ready when the database answers at once', async () => {
    const wait = DatabaseWait.create({
      database: { listLiveStoreIds: async () => [] },
      logger: mockServices.logger.mock(),
      backoffBaseMs: 1000,
      backoffMaxMs: 3000,
    });
    await expect(wait.check()).resolves.toBeUndefined();
    await expect(wait.liveStoreIds()).resolves.toEqual([]);
    await expect(wait.check()).resolves.toBeUndefined();
  });

  it('stops waiting when the reconciler stops', async () => {
    const controller = new AbortController();
    const wait = DatabaseWait.create({
      database: {
        listLiveStoreIds: async () => {
          throw new Error('down');
        },
      },
      logger: mockServices.logger.mock(),
      backoffBaseMs: 60_000,
      backoffMaxMs: 60_000,
    });
    const waiting = wait.liveStoreIds(controller.signal);
    setImmediate(() => controller.abort());
    await expect(waiting).rejects.toThrow(/abort/i);
  });
});

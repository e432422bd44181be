import { quantityParser as parser, quotaUsageOf } from './quotaUsage';

const quota = (status: object) => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'store-quota', namespace: 'store-shop' },
  status,
});

describe('quotaUsageOf', () => {
  it('reads every resource of the quota status with its share of the hard limit', async () => {
    const usage = quotaUsageOf(
      [
        quota({
          hard: {
            'requests.cpu': '1',
            'requests.memory': '2Gi',
            'requests.storage': '10Gi',
            pods: '10',
          },
          used: {
            'requests.cpu': '300m',
            'requests.memory': '768Mi',
            'requests.storage': '4Gi',
          },
        }),
      ],
      await parser(),
    );
    expect(usage).toEqual([
      { resource: 'requests.cpu', used: '300m', hard: '1', fraction: 0.3 },
      {
        resource: 'requests.memory',
        used: '768Mi',
        hard: '2Gi',
        fraction: 0.375,
      },
      {
        resource: 'requests.storage',
        used: '4Gi',
        hard: '10Gi',
        fraction: 0.4,
      },
      // Not counted yet: nothing used.
      { resource: 'pods', used: '0', hard: '10', fraction: 0 },
    ]);
  });

  it('knows nothing of a quota whose status the controller has not written, and leaves out a fraction it cannot compute', async () => {
    expect(quotaUsageOf([quota({})], await parser())).toBeUndefined();
    expect(quotaUsageOf([], await parser())).toBeUndefined();
    expect(
      quotaUsageOf(
        [
          quota({
            hard: { 'requests.cpu': '0' },
            used: { 'requests.cpu': 'x' },
          }),
        ],
        await parser(),
      ),
    ).toEqual([{ resource: 'requests.cpu', used: 'x', hard: '0' }]);
  });
});

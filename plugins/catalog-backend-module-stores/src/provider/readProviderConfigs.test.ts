import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_SCHEDULE,
  readProviderConfig,
} from './readProviderConfigs';

describe('readProviderConfig', () => {
  it('defaults to a full mutation every 10 minutes with a 3 minute timeout', () => {
    const config = readProviderConfig(new ConfigReader({}));
    expect(config).toEqual({
      id: 'default',
      schedule: DEFAULT_SCHEDULE,
      pageSize: DEFAULT_PAGE_SIZE,
      system: undefined,
    });
    expect(DEFAULT_SCHEDULE.frequency).toEqual({ minutes: 10 });
    expect(DEFAULT_SCHEDULE.timeout).toEqual({ minutes: 3 });
  });

  it('reads schedule, page size and system', () => {
    const stores = {
      schedule: {
        frequency: { cron: '*/5 * * * *' },
        timeout: { seconds: 30 },
        initialDelay: { seconds: 1 },
      },
      pageSize: 500,
      system: 'shops',
    };
    const config = readProviderConfig(
      new ConfigReader({ catalog: { providers: { stores } } }),
    );
    expect(config).toEqual({ id: 'default', ...stores });
  });

  it.each([0, 501, 2.5])('rejects page size %p', pageSize => {
    expect(() =>
      readProviderConfig(
        new ConfigReader({ catalog: { providers: { stores: { pageSize } } } }),
      ),
    ).toThrow(/pageSize must be an integer from 1 to 500/);
  });

  it('rejects a schedule without a frequency', () => {
    expect(() =>
      readProviderConfig(
        new ConfigReader({
          catalog: { providers: { stores: { schedule: { timeout: 'PT1M' } } } },
        }),
      ),
    ).toThrow(/frequency/);
  });
});

import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Id of the one stores provider; part of its name `stores:default`. */
export const DEFAULT_PROVIDER_ID = 'default';

/** How often the full mutation runs when `schedule` is not configured. */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 15 },
};

/** Stores fetched per page during a full mutation (the API allows 1-500). */
export const DEFAULT_PAGE_SIZE = 200;

export interface StoresProviderConfig {
  id: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  pageSize: number;
  /** `spec.system` of every store entity. */
  system?: string;
}

/** Reads `catalog.providers.stores` (all of it optional; see config.d.ts). */
export function readProviderConfig(rootConfig: Config): StoresProviderConfig {
  const config = rootConfig.getOptionalConfig('catalog.providers.stores');
  const schedule = config?.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('schedule'),
      )
    : DEFAULT_SCHEDULE;
  const pageSize = config?.getOptionalNumber('pageSize') ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) {
    throw new InputError(
      `catalog.providers.stores.pageSize must be an integer from 1 to 500, got ${pageSize}`,
    );
  }
  return {
    id: DEFAULT_PROVIDER_ID,
    schedule,
    pageSize,
    system: config?.getOptionalString('system'),
  };
}

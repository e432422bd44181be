import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * The stores entity provider (`stores:default`): one Resource entity per
       * live store. Store changes arrive at once as delta mutations through
       * the events service; this schedule drives the full mutation that
       * backstops them.
       */
      stores?: {
        /**
         * When the full mutation runs.
         * Default: every 10 minutes, timeout 3 minutes, first run 15 seconds
         * after start-up.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * Stores fetched per page from the stores API during a full mutation,
         * 1 to 500. Default: 200.
         */
        pageSize?: number;
        /** Entity ref of a System to put every store entity in (`spec.system`). */
        system?: string;
      };
    };
  };
}

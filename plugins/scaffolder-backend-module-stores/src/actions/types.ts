import type { LoggerService } from '@backstage/backend-plugin-api';
import type { StoresService } from '@internal/plugin-stores-node';

/** What every stores action is made with. */
export interface StoresActionOptions {
  /** The stores backend, called as the user who runs the template. */
  stores: StoresService;
  /** The server's log, for the detail of failures the task log shows in one line. */
  logger?: LoggerService;
}

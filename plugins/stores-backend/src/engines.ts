import type { StoreEngine } from '@internal/plugin-stores-node';

/**
 * Stops start-up when no engine module is installed: the backend would
 * accept no store at all, and a portal without stores is a wiring mistake
 * (a missing `backend.add(...)`), better reported at once than at the first
 * create.
 */
export function assertEnginesInstalled(
  engines: ReadonlyMap<string, StoreEngine>,
): void {
  if (engines.size === 0) {
    throw new Error(
      'No store engine is installed: add an engine module to the backend, for example ' +
        "backend.add(import('@internal/plugin-stores-backend-module-woocommerce'))",
    );
  }
}

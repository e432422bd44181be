import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { StoreEngine } from './engine';

/** Lets backend modules add store engines to the stores backend. */
export interface StoresEngineExtensionPoint {
  addEngine(engine: StoreEngine): void;
}

export const storesEngineExtensionPoint =
  createExtensionPoint<StoresEngineExtensionPoint>({
    id: 'stores.engines',
  });

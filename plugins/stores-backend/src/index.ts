/**
 * The stores backend plugin: lifecycle REST API, database, permissions and
 * the reconciler that provisions stores on Kubernetes.
 *
 * @packageDocumentation
 */
export { storesPlugin as default } from './plugin';
export {
  storeConditions,
  createStoreConditionalDecision,
  isStoreOwner,
} from './permissions';
export type { StoresConfig } from './types';

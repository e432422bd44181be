export { Reconciler } from './Reconciler';
export type { ReconcilerOptions } from './Reconciler';

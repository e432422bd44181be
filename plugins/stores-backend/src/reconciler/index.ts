export { Reconciler } from './Reconciler';
export type { ReconcilerOptions } from './Reconciler';
export { ReconcilerService } from './ReconcilerService';

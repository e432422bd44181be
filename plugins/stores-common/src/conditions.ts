/**
 * The condition a store carries while the reconciler's requests to the
 * cluster keep failing (`False`, reason `RequestsFailing`, the error as its
 * message); gone once a pass gets through. Not a provisioning stage.
 */
export const RECONCILED_CONDITION = 'Reconciled';

/*
 * What the reconciler's tests share: a reconciler on a database and the test
 * cluster, stores to give it, the test configuration, unique names and the
 * local cluster's audit log. Child-process helpers (runReconcilerProcess,
 * runReplicaProcess) are entry points of their own and not re-exported.
 */
export * from './auditLog';
export * from './harness';
export * from './names';
export * from './sqliteStoresDatabase';
export * from './testConfig';

/*
 * What the reconciler's tests share: a portal (database, reconciler, cluster
 * client) per suite, stores to give it, the test configuration, unique names,
 * cluster helpers and the local cluster's audit log. Child-process helpers
 * (runReconcilerProcess, runReplicaProcess) are entry points of their own and
 * not re-exported.
 */
export * from './auditLog';
export * from './cluster';
export * from './harness';
export * from './names';
export * from './portal';
export * from './sqliteStoresDatabase';
export * from './suite';
export * from './testConfig';

/*
 * Building blocks for engines: what every store's objects share (labels and
 * owner data, the restricted pod settings, quota, the default-deny network,
 * the ingress, readiness of the common kinds), so that each engine renders
 * only what is its own.
 */
export * from './adminPasswordJob';
export * from './backup';
export * from './bootstrapJob';
export * from './bootstrapScript';
export * from './containers';
export * from './databaseDumpStep';
export * from './foundation';
export * from './ingress';
export * from './judge';
export * from './labels';
export * from './namespace';
export * from './network';
export * from './restoreJob';
export * from './storeEngine';
export * from './workloads';

export { KubernetesClient } from './KubernetesClient';
export type { KubeObject, ObjectRef } from './KubernetesClient';
export { ManagedObjectCache, MANAGED_SELECTOR } from './ManagedObjectCache';
export { KubernetesClusterHealth } from './KubernetesClusterHealth';
export { TokenBucket } from './TokenBucket';
export { APPLIED_HASH_ANNOTATION } from './appliedHash';

export { storeResourceRef } from './resource';
export { isStoreOwner, storeConditions, storePermissionRules } from './rules';
export { createStoreConditionalDecision } from './conditionExports';

import { createConditionExports } from '@backstage/plugin-permission-node';
import { storeResourceRef } from './resource';
import { storePermissionRules } from './rules';

/** Builds a conditional decision for a store permission in a policy. */
export const { createConditionalDecision: createStoreConditionalDecision } =
  createConditionExports({
    resourceRef: storeResourceRef,
    rules: storePermissionRules,
  });

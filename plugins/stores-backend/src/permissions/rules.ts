import {
  createConditionFactory,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { normalizeEntityRef } from '../service/entityRefs';
import { storeResourceRef } from './resource';

/**
 * Allows a store when its owner is one of `owners` — typically the user's
 * ownership entity refs (their user ref and groups). Refs are compared
 * normalized (lowercase, `default` namespace when missing), in memory for one
 * store and in SQL for lists.
 */
export const isStoreOwner = createPermissionRule({
  name: 'IS_STORE_OWNER',
  description: 'Allow stores owned by one of the given entity refs',
  resourceRef: storeResourceRef,
  paramsSchema: z.object({
    owners: z
      .array(z.string())
      .describe('Entity refs of owners, e.g. group:default/team-a'),
  }),
  apply: (store, { owners }) =>
    owners.map(normalizeEntityRef).includes(normalizeEntityRef(store.owner)),
  toQuery: ({ owners }) => ({ owners: owners.map(normalizeEntityRef) }),
});

export const storePermissionRules = { isStoreOwner };

/**
 * Conditions a permission policy uses in conditional decisions, e.g.
 * `createStoreConditionalDecision(permission, storeConditions.isStoreOwner({ owners: user.identity.ownershipEntityRefs }))`.
 */
export const storeConditions = {
  isStoreOwner: createConditionFactory(isStoreOwner),
};

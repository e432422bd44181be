import {
  createConditionFactory,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { normalizeOwnerRef } from '@internal/plugin-stores-common';
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
    ownerRefs(owners).includes(normalizeOwnerRef(store.owner)),
  toQuery: ({ owners }) => ({ owners: ownerRefs(owners) }),
});

/** A ref that does not parse (no kind) names no owner, so matches nothing. */
function ownerRefs(refs: string[]): string[] {
  return refs.flatMap(ref => {
    try {
      return [normalizeOwnerRef(ref)];
    } catch {
      return [];
    }
  });
}

export const storePermissionRules = { isStoreOwner };

/**
 * Conditions a permission policy uses in conditional decisions (as the
 * catalog's `catalogConditions`; not the store's status conditions), e.g.
 * `createStoreConditionalDecision(permission, storeConditions.isStoreOwner({ owners: user.identity.ownershipEntityRefs }))`.
 */
export const storeConditions = {
  isStoreOwner: createConditionFactory(isStoreOwner),
};

import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
  type PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  STORE_RESOURCE_TYPE,
  storeAssignOwnerPermission,
  storeCreatePermission,
  storeReadPermission,
  type Store,
} from '@internal/plugin-stores-common';
import type {
  StoreAccessFilter,
  StoreOwnerQuery,
} from '../database/StoresDatabase';

/**
 * Asks the permission framework about stores on behalf of the caller and
 * turns conditional decisions into either an SQL filter (lists) or an
 * in-memory check against a loaded store.
 */
export class StoreAuthorizer {
  readonly #permissions: PermissionsService;
  readonly #toQuery: ReturnType<
    typeof createConditionTransformer<StoreOwnerQuery>
  >;
  readonly #apply: ReturnType<typeof createConditionAuthorizer<Store>>;

  static create(options: {
    permissions: PermissionsService;
    ruleset: PermissionRuleset<Store, StoreOwnerQuery, 'store'>;
  }) {
    return new StoreAuthorizer(options.permissions, options.ruleset);
  }

  private constructor(
    permissions: PermissionsService,
    ruleset: PermissionRuleset<Store, StoreOwnerQuery, 'store'>,
  ) {
    this.#permissions = permissions;
    this.#toQuery = createConditionTransformer(ruleset);
    this.#apply = createConditionAuthorizer(ruleset);
  }

  /** Throws NotAllowedError unless the caller may create stores. */
  async authorizeCreate(credentials: BackstageCredentials): Promise<void> {
    const [decision] = await this.#permissions.authorize(
      [{ permission: storeCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'You are not allowed to create stores; ask the platform team for the stores.store.create permission',
      );
    }
  }

  /**
   * Throws NotAllowedError unless the caller may create `store` (not yet
   * created) with its owner: `stores.store.owner.assign` on that store.
   */
  async authorizeOwner(
    store: Store,
    credentials: BackstageCredentials,
  ): Promise<void> {
    if (!(await this.can(storeAssignOwnerPermission, store, credentials))) {
      throw new NotAllowedError(
        `You are not allowed to create a store owned by ${store.owner}; choose yourself or one of your groups as the owner, or ask the platform team`,
      );
    }
  }

  /**
   * The filter that limits what the caller may read, for SQL. Undefined when
   * the caller may read every store; throws NotAllowedError when none.
   */
  async readFilter(
    credentials: BackstageCredentials,
  ): Promise<StoreAccessFilter | undefined> {
    const [decision] = await this.#permissions.authorizeConditional(
      [{ permission: storeReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      if (decision.result === AuthorizeResult.ALLOW) {
        return undefined;
      }
      throw new NotAllowedError(
        'You are not allowed to see stores; ask the platform team for the stores.store.read permission',
      );
    }
    if (
      decision.pluginId !== 'stores' ||
      decision.resourceType !== STORE_RESOURCE_TYPE
    ) {
      throw new NotAllowedError(
        `The permission policy answered with conditions for ${decision.pluginId}/${decision.resourceType}, which the stores plugin cannot apply`,
      );
    }
    try {
      return { criteria: this.#toQuery(decision.conditions) };
    } catch (error) {
      throw new NotAllowedError(
        `The permission policy uses a condition the stores plugin cannot apply (${
          (error as Error).message
        }); only the IS_STORE_OWNER rule, allOf, anyOf and not are supported`,
      );
    }
  }

  /** Whether the caller holds `permission` on this store. */
  async can(
    permission: ResourcePermission<'store'>,
    store: Store,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.#permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      try {
        return this.#apply(decision, store);
      } catch {
        // An unknown rule can never grant access.
        return false;
      }
    }
    return decision.result === AuthorizeResult.ALLOW;
  }
}

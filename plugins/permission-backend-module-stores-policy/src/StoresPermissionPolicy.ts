import type {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
// The stores plugin's condition exports, as a policy imports the catalog's
// from its backend; the rule itself lives with the SQL it translates to.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  createStoreConditionalDecision,
  storeConditions,
} from '@internal/plugin-stores-backend';
import {
  normalizeOwnerRef,
  STORE_RESOURCE_TYPE,
  storeCreatePermission,
  storeReadPermission,
} from '@internal/plugin-stores-common';
import type { StoreAccessConfig } from '@internal/plugin-stores-node';

/**
 * The portal's permission policy (docs/permissions.md).
 *
 * Stores (every `stores.*` permission): the admin group may do everything.
 * Anyone signed in may create
 * stores, but only for an owner among their own ownership refs (the
 * `stores.store.owner.assign` check on the requested store). Reading,
 * retrying and deleting a store, and seeing its admin credentials
 * (`stores.store.credentials.read`), is for its owners: the owning user or
 * the members of the owning group, as a conditional IS_STORE_OWNER decision,
 * so lists are filtered in SQL. With `stores.access.read: all` every user may
 * read every store, but not its credentials. Other stores permissions, not about one store (such as
 * `stores.orphans.manage`), are for the admin group only.
 *
 * `kubernetes.proxy` is for the admin group only: the Kubernetes plugin's
 * proxy forwards any request with the portal's own ServiceAccount, which may
 * read every store's generated Secret by name. The Kubernetes tab does not
 * need it (it lists objects through `/api/kubernetes/services`).
 *
 * Everything else (catalog, scaffolder, the rest of Kubernetes, ...) is
 * allowed, as the allow-all policy this one replaces did: the portal's other
 * plugins have no rules of the stores model to enforce.
 */
/** Other plugins' permissions that only the admin group is given. */
const ADMIN_ONLY_PERMISSIONS = new Set(['kubernetes.proxy']);

export class StoresPermissionPolicy implements PermissionPolicy {
  readonly #access: StoreAccessConfig;
  readonly #userInfo: UserInfoService;

  static create(options: {
    access: StoreAccessConfig;
    userInfo: UserInfoService;
  }) {
    return new StoresPermissionPolicy(options.access, options.userInfo);
  }

  private constructor(access: StoreAccessConfig, userInfo: UserInfoService) {
    this.#access = access;
    this.#userInfo = userInfo;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const adminOnly = ADMIN_ONLY_PERMISSIONS.has(permission.name);
    if (!permission.name.startsWith('stores.') && !adminOnly) {
      return { result: AuthorizeResult.ALLOW };
    }
    // Service-to-service calls never reach a policy (the permissions
    // service allows them); a store decision needs a user to be about.
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const refs = await this.#ownershipRefs(user.credentials);
    if (this.#access.adminGroup && refs.includes(this.#access.adminGroup)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (adminOnly) {
      return { result: AuthorizeResult.DENY };
    }
    if (isPermission(permission, storeCreatePermission)) {
      // The owner is judged by stores.store.owner.assign.
      return { result: AuthorizeResult.ALLOW };
    }
    if (!isResourcePermission(permission, STORE_RESOURCE_TYPE)) {
      // Any other stores permission (e.g. stores.orphans.manage) is for
      // the platform team.
      return { result: AuthorizeResult.DENY };
    }
    if (
      isPermission(permission, storeReadPermission) &&
      this.#access.read === 'all'
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    // read (with `owners`), update, delete and owner.assign.
    return createStoreConditionalDecision(
      permission,
      storeConditions.isStoreOwner({ owners: refs }),
    );
  }

  /** The user and their groups, normalized as store owners are. */
  async #ownershipRefs(credentials: BackstageCredentials): Promise<string[]> {
    const { ownershipEntityRefs } = await this.#userInfo.getUserInfo(
      credentials,
    );
    return ownershipEntityRefs.flatMap(ref => {
      try {
        return [normalizeOwnerRef(ref)];
      } catch {
        return [];
      }
    });
  }
}

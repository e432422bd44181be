import type { RootConfigService } from '@backstage/backend-plugin-api';
import { normalizeOwnerRef } from '@internal/plugin-stores-common';

/** Who may see stores they do not own (`stores.access.read`). */
export type StoreReadAccess = 'all' | 'owners';

/**
 * `stores.access`, read by the stores permission policy (what a user may do)
 * and by the stores backend (who is told about a store's changes), so both
 * follow one setting.
 */
export interface StoreAccessConfig {
  read: StoreReadAccess;
  /** Normalized group ref whose direct members may do everything; none when unset. */
  adminGroup?: string;
}

const READ_ACCESS: readonly StoreReadAccess[] = ['all', 'owners'];

/**
 * Reads and checks `stores.access`; throws an Error naming the bad key, so a
 * typo fails start-up instead of silently opening or closing access.
 */
export function readStoreAccessConfig(
  config: RootConfigService,
): StoreAccessConfig {
  const read = config.getOptionalString('stores.access.read') ?? 'all';
  if (!READ_ACCESS.includes(read as StoreReadAccess)) {
    throw new Error(
      `Invalid stores configuration: stores.access.read must be one of ${READ_ACCESS.join(
        ', ',
      )}, not "${read}"`,
    );
  }
  const group = config.getOptionalString('stores.access.adminGroup');
  let adminGroup: string | undefined;
  if (group !== undefined) {
    try {
      adminGroup = normalizeOwnerRef(group, { defaultKind: 'group' });
    } catch (error) {
      throw new Error(
        `Invalid stores configuration: stores.access.adminGroup "${group}" is not an entity ref (${
          (error as Error).message
        })`,
      );
    }
    if (!adminGroup.startsWith('group:')) {
      throw new Error(
        `Invalid stores configuration: stores.access.adminGroup must name a group, not ${adminGroup}`,
      );
    }
  }
  return { read: read as StoreReadAccess, adminGroup };
}

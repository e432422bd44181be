import type { Store } from '@internal/plugin-stores-common';
import { insertStore } from './insertStore';
import type { KnexContext } from './KnexContext';
import { newStoreRow, rowToStore } from './rows';
import type { RestoreStoreInput } from './StoresDatabase';

/**
 * Re-creates the row of a store that exists in the cluster but not in the
 * database (a lost or reset portal database), with the id its objects carry.
 * The store comes back in `provisioning` at a new generation, so the
 * reconciler adopts its objects and reports its state. Returns undefined,
 * writing nothing, when any row with that id exists (also a deleted one:
 * that store was deleted on purpose) or its name is taken by a live store.
 */
export async function restoreStore(
  ctx: KnexContext,
  input: RestoreStoreInput,
): Promise<Store | undefined> {
  return ctx.db.transaction(async tx => {
    const existing = await tx('stores')
      .where({ id: input.id })
      .orWhere({ live_name: input.name })
      .first('id');
    if (existing) {
      return undefined;
    }
    const now = ctx.now();
    const row = newStoreRow({
      ...input,
      fromBackup: input.restoredFrom,
      phase: 'provisioning',
      createdAt: input.createdAt ? new Date(input.createdAt) : now,
      now,
    });
    await insertStore(
      tx,
      row,
      {
        type: 'Warning',
        reason: 'Restored',
        message: `Store row re-created from the labels of namespace ${input.namespace} by ${input.restoredBy}`,
      },
      now,
    );
    return rowToStore(row);
  });
}

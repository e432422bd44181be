import { ConflictError } from '@backstage/errors';
import type { Store } from '@internal/plugin-stores-common';
import { insertEvent } from './events';
import { type KnexContext, liveRowForUpdate, rereadRow } from './KnexContext';
import { type StoreRow, rowToStore } from './rows';
import type { UpdateStoreInput } from './StoresDatabase';

/*
 * `PATCH /stores/:id`: display name, description and plan. Only a plan
 * change is a new generation (the reconciler has something to apply); the
 * names are the row's alone and reach the catalog through the change signal.
 */

export async function updateStore(
  ctx: KnexContext,
  id: string,
  input: UpdateStoreInput,
): Promise<{ store: Store; changed: string[] }> {
  return ctx.db.transaction(async tx => {
    const row = await liveRowForUpdate(ctx, tx, id);
    if (row.phase === 'deleting' || row.phase === 'deleted') {
      throw new ConflictError(
        `Store "${row.name}" is being deleted and can no longer be changed`,
      );
    }
    // The API checked the plan change (volumes, storage classes) against
    // this plan; another change since then makes those checks stale.
    if (input.plan !== undefined && row.plan !== input.expectedPlan) {
      throw new ConflictError(
        `Store "${row.name}" changed to plan "${row.plan}" meanwhile; look at it again and retry`,
      );
    }
    const update: Partial<StoreRow> = {};
    const changed: string[] = [];
    if (
      input.displayName !== undefined &&
      input.displayName !== row.display_name
    ) {
      update.display_name = input.displayName;
      changed.push(`display name to "${input.displayName}"`);
    }
    if (
      input.description !== undefined &&
      (input.description || null) !== row.description
    ) {
      update.description = input.description || null;
      changed.push(input.description ? 'description' : 'description (removed)');
    }
    const planChanged = input.plan !== undefined && input.plan !== row.plan;
    if (planChanged) {
      update.plan = input.plan;
      update.generation = row.generation + 1;
      changed.push(`plan from "${row.plan}" to "${input.plan}"`);
      if (row.phase === 'failed') {
        // A new generation, as a retry makes: provisioned again on the new plan.
        update.phase = 'provisioning';
        update.failure_reason = null;
      }
    }
    if (!changed.length) {
      return { store: rowToStore(row), changed };
    }
    const now = ctx.now();
    await tx('stores')
      .where({ id })
      .update({ ...update, updated_at: now });
    await insertEvent(
      tx,
      id,
      {
        type: 'Normal',
        reason: planChanged ? 'PlanChangeRequested' : 'Updated',
        message: `${input.actor} changed the ${changed.join(', ')}`,
      },
      now,
    );
    return { store: rowToStore(await rereadRow(tx, id)), changed };
  });
}

import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import type { Store } from '@internal/plugin-stores-common';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { TooManyRequestsError } from '../errors';
import { insertEvent } from './events';
import { insertStore } from './insertStore';
import { type KnexContext, liveRowForUpdate, rereadRow } from './KnexContext';
import { type StoreRow, newStoreRow, rowToStore } from './rows';
import {
  type CreateStoreInput,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  type NewStoreEvent,
} from './StoresDatabase';

/*
 * The writes users ask for through the API: create, delete, retry (suspend
 * and resume: suspension.ts). The reconciler's writes (under a lease) are
 * in leases.ts.
 */

export async function createStore(
  ctx: KnexContext,
  input: CreateStoreInput,
): Promise<{ store: Store; created: boolean }> {
  const { request, idempotencyKey, createdBy } = input;
  if (idempotencyKey && idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new InputError(
      `Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
    );
  }
  try {
    return await ctx.db.transaction(async tx => {
      // One global mutex for creates: every check below reads committed
      // rows only after the previous create has committed, on every replica.
      const lock = tx('store_locks').where({ name: 'create' });
      await (ctx.isPostgres ? lock.forUpdate() : lock).select('name');

      if (idempotencyKey) {
        const earlier = await tx<StoreRow>('stores')
          .where({ created_by: createdBy, idempotency_key: idempotencyKey })
          .first();
        if (earlier) {
          if (earlier.deleted_at) {
            throw new ConflictError(
              `The store created with this Idempotency-Key ("${earlier.name}") has since been deleted; send the request with a new key to create another`,
            );
          }
          return { store: rowToStore(earlier), created: false };
        }
      }

      const sameName = await tx('stores')
        .where({ live_name: request.name })
        .first('id');
      if (sameName) {
        throw duplicateNameError(request.name);
      }

      const now = ctx.now();
      await checkLimits(tx, input, now);

      const row = newStoreRow({
        ...request,
        id: randomUUID(),
        createdBy,
        namespace: input.namespace,
        phase: 'pending',
        idempotencyKey,
        createdAt: now,
        now,
      });
      if (input.urlsFor) {
        row.urls = JSON.stringify(input.urlsFor(rowToStore(row)));
      }
      if (input.dryRun) {
        return { store: rowToStore(row), created: false };
      }
      await insertStore(
        tx,
        row,
        {
          type: 'Normal',
          reason: 'Created',
          message: `Store requested by ${createdBy}`,
        },
        now,
      );
      return { store: rowToStore(row), created: true };
    });
  } catch (error) {
    // The unique index is the last line of defence (e.g. a database where
    // the lock above is not taken); answer it as the duplicate it is.
    if (isUniqueViolation(error, 'live_name')) {
      throw duplicateNameError(request.name);
    }
    if (isUniqueViolation(error, 'idempotency_key')) {
      throw new ConflictError(
        'A request with this Idempotency-Key is being processed; retry it in a moment',
      );
    }
    throw error;
  }
}

/** The total, per-owner and per-user-per-minute limits, inside the create lock. */
async function checkLimits(
  tx: Knex.Transaction,
  input: CreateStoreInput,
  now: Date,
): Promise<void> {
  const { request, createdBy, limits } = input;
  const [{ total }] = await tx('stores')
    .whereNull('deleted_at')
    .count({ total: '*' });
  if (Number(total) >= limits.total) {
    throw new NotAllowedError(
      `The portal already runs its maximum of ${limits.total} stores; delete a store you no longer need or ask the platform team to raise stores.limits.total`,
    );
  }
  const [{ owned }] = await tx('stores')
    .whereNull('deleted_at')
    .where({ owner: request.owner })
    .count({ owned: '*' });
  if (Number(owned) >= limits.perOwner) {
    throw new NotAllowedError(
      `${request.owner} already owns ${Number(
        owned,
      )} stores, the limit per owner is ${
        limits.perOwner
      }; delete one of them or choose another owner`,
    );
  }
  if (limits.perUserPerMinute !== undefined) {
    const since = new Date(now.getTime() - 60_000);
    const [{ recent }] = await tx('stores')
      .where({ created_by: createdBy })
      .where('created_at', '>', since)
      .count({ recent: '*' });
    if (Number(recent) >= limits.perUserPerMinute) {
      throw new TooManyRequestsError(
        `You created ${Number(
          recent,
        )} stores in the last minute, the limit is ${
          limits.perUserPerMinute
        } per minute; wait a minute and try again`,
      );
    }
  }
}

export async function markDeleting(
  ctx: KnexContext,
  id: string,
  actor: string,
): Promise<Store> {
  return requestChange(ctx, id, row =>
    row.phase === 'deleting'
      ? undefined
      : {
          update: { phase: 'deleting' },
          event: {
            type: 'Normal',
            reason: 'DeletionRequested',
            message: `Deletion requested by ${actor}`,
          },
        },
  );
}

export async function markRetry(
  ctx: KnexContext,
  id: string,
  actor: string,
): Promise<Store> {
  return requestChange(ctx, id, row => {
    if (row.phase !== 'failed') {
      throw new ConflictError(
        `Only a failed store can be retried; store "${row.name}" is ${row.phase}`,
      );
    }
    return {
      update: { phase: 'provisioning', failure_reason: null },
      event: {
        type: 'Normal',
        reason: 'RetryRequested',
        message: `Retry requested by ${actor}`,
      },
    };
  });
}

/**
 * One user-requested change of a live store's spec: in one transaction the
 * row is locked, `decide` says what to write (nothing when the store is
 * already there), the generation is bumped and the event appended.
 */
export async function requestChange(
  ctx: KnexContext,
  id: string,
  decide: (
    row: StoreRow,
  ) => { update: Partial<StoreRow>; event: NewStoreEvent } | undefined,
): Promise<Store> {
  return ctx.db.transaction(async tx => {
    const row = await liveRowForUpdate(ctx, tx, id);
    const change = decide(row);
    if (!change) {
      return rowToStore(row);
    }
    const now = ctx.now();
    await tx('stores')
      .where({ id })
      .update({
        ...change.update,
        generation: row.generation + 1,
        updated_at: now,
      });
    await insertEvent(tx, id, change.event, now);
    return rowToStore(await rereadRow(tx, id));
  });
}

function duplicateNameError(name: string) {
  return new ConflictError(
    `A store named "${name}" already exists; choose another name`,
  );
}

/** Unique-index violation on SQLite or PostgreSQL, by the column it names. */
function isUniqueViolation(error: unknown, column: string): boolean {
  const e = error as { code?: string; message?: string; constraint?: string };
  const message = String(e?.message ?? '');
  const unique =
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    message.includes('UNIQUE constraint failed');
  if (!unique) {
    return false;
  }
  return (
    message.includes(column) ||
    (column === 'live_name' && e.constraint === 'stores_live_name_uniq') ||
    (column === 'idempotency_key' && e.constraint === 'stores_idempotency_uniq')
  );
}

import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type {
  Store,
  StoreEvent,
  StoreEventList,
  StoreList,
} from '@internal/plugin-stores-common';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { TooManyRequestsError } from '../errors';
import { decodeCursor, encodeCursor } from './cursor';
import {
  type StoreEventRow,
  type StoreRow,
  rowToStore,
  rowToStoreEvent,
  toDate,
} from './rows';
import type {
  CreateStoreInput,
  ListStoresOptions,
  NewStoreEvent,
  StoreAccessFilter,
  StoreOwnerQuery,
  StoreStatusPatch,
  StoresDatabase,
} from './StoresDatabase';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-stores-backend',
  'migrations',
);

/** Longest idempotency key accepted (the column's width). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** {@link StoresDatabase} on knex, for SQLite and PostgreSQL. */
export class KnexStoresDatabase implements StoresDatabase {
  readonly #db: Knex;
  readonly #isPostgres: boolean;
  readonly #now: () => Date;

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
    /** Clock, for tests of leases and rate limits. */
    now?: () => Date;
  }): Promise<KnexStoresDatabase> {
    const { database } = options;
    const client = await database.getClient();
    if (!options.skipMigrations && !database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new KnexStoresDatabase(client, options.now ?? (() => new Date()));
  }

  private constructor(db: Knex, now: () => Date) {
    this.#db = db;
    this.#now = now;
    this.#isPostgres = String(db.client.config.client).includes('pg');
  }

  /** One cheap query, for the readiness route. */
  async check(): Promise<void> {
    await this.#db.raw('select 1');
  }

  async createStore(
    input: CreateStoreInput,
  ): Promise<{ store: Store; created: boolean }> {
    const { request, idempotencyKey, createdBy, limits } = input;
    if (idempotencyKey && idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
      throw new InputError(
        `Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
      );
    }
    try {
      return await this.#db.transaction(async tx => {
        // One global mutex for creates: every check below reads committed
        // rows only after the previous create has committed, on every replica.
        const lock = tx('store_locks').where({ name: 'create' });
        await (this.#isPostgres ? lock.forUpdate() : lock).select('name');

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

        const now = this.#now();
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

        const row: StoreRow = {
          id: randomUUID(),
          name: request.name,
          live_name: request.name,
          display_name: request.displayName ?? request.name,
          description: request.description ?? null,
          engine: request.engine,
          plan: request.plan,
          owner: request.owner,
          created_by: createdBy,
          namespace: input.namespace,
          spec: JSON.stringify({ options: request.options ?? {} }),
          phase: 'pending',
          conditions: '[]',
          urls: '{}',
          failure_reason: null,
          generation: 1,
          observed_generation: 0,
          lease_holder: null,
          lease_expires_at: null,
          idempotency_key: idempotencyKey ?? null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        };
        if (input.urlsFor) {
          row.urls = JSON.stringify(input.urlsFor(rowToStore(row)));
        }
        if (input.dryRun) {
          return { store: rowToStore(row), created: false };
        }
        await tx('stores').insert(row);
        await tx('store_events').insert({
          store_id: row.id,
          type: 'Normal',
          reason: 'Created',
          message: `Store requested by ${createdBy}`,
          created_at: now,
        });
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

  async getStore(
    id: string,
    access?: StoreAccessFilter,
  ): Promise<Store | undefined> {
    const query = this.#db<StoreRow>('stores')
      .where({ id })
      .whereNull('deleted_at');
    applyAccess(query, access);
    const row = await query.first();
    return row ? rowToStore(row) : undefined;
  }

  async listStores(options: ListStoresOptions): Promise<StoreList> {
    const filtered = this.#db<StoreRow>('stores').whereNull('deleted_at');
    if (options.owners?.length) {
      filtered.whereIn('owner', options.owners);
    }
    if (options.phases?.length) {
      filtered.whereIn('phase', options.phases);
    }
    if (options.text) {
      const pattern = `%${escapeLike(options.text.toLowerCase())}%`;
      filtered.where(q =>
        q
          .whereRaw(`lower(name) like ? escape '\\'`, [pattern])
          .orWhereRaw(`lower(display_name) like ? escape '\\'`, [pattern]),
      );
    }
    applyAccess(filtered, options.access);

    const page = filtered.clone();
    if (options.cursor) {
      const position = decodeCursor(options.cursor);
      const createdAt = toDate(position.createdAt);
      page.where(q =>
        q
          .where('created_at', '<', createdAt)
          .orWhere(q2 =>
            q2
              .where('created_at', '=', createdAt)
              .where('id', '<', position.id),
          ),
      );
    }
    const [rows, [{ count }]] = await Promise.all([
      page
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(options.limit + 1)
        .select('*'),
      filtered.clone().count({ count: '*' }),
    ]);
    const items = rows.slice(0, options.limit).map(rowToStore);
    const last = items[items.length - 1];
    return {
      items,
      totalCount: Number(count),
      nextCursor:
        rows.length > options.limit && last
          ? encodeCursor({ createdAt: last.createdAt, id: last.id })
          : undefined,
    };
  }

  async markDeleting(id: string, actor: string): Promise<Store> {
    return this.#db.transaction(async tx => {
      const row = await this.#liveRowForUpdate(tx, id);
      if (row.phase === 'deleting') {
        return rowToStore(row);
      }
      const now = this.#now();
      await tx('stores')
        .where({ id })
        .update({
          phase: 'deleting',
          generation: row.generation + 1,
          updated_at: now,
        });
      await tx('store_events').insert({
        store_id: id,
        type: 'Normal',
        reason: 'DeletionRequested',
        message: `Deletion requested by ${actor}`,
        created_at: now,
      });
      return rowToStore(
        await tx<StoreRow>('stores').where({ id }).first().then(required),
      );
    });
  }

  async markRetry(id: string, actor: string): Promise<Store> {
    return this.#db.transaction(async tx => {
      const row = await this.#liveRowForUpdate(tx, id);
      if (row.phase !== 'failed') {
        throw new ConflictError(
          `Only a failed store can be retried; store "${row.name}" is ${row.phase}`,
        );
      }
      const now = this.#now();
      await tx('stores')
        .where({ id })
        .update({
          phase: 'provisioning',
          failure_reason: null,
          generation: row.generation + 1,
          updated_at: now,
        });
      await tx('store_events').insert({
        store_id: id,
        type: 'Normal',
        reason: 'RetryRequested',
        message: `Retry requested by ${actor}`,
        created_at: now,
      });
      return rowToStore(
        await tx<StoreRow>('stores').where({ id }).first().then(required),
      );
    });
  }

  async listLiveStoreIds(): Promise<string[]> {
    const rows = await this.#db('stores')
      .whereNull('deleted_at')
      .orderBy('created_at')
      .select('id');
    return rows.map(r => r.id);
  }

  async claimStore(
    id: string,
    holder: string,
    leaseMs: number,
  ): Promise<Store | undefined> {
    const now = this.#now();
    // One conditional UPDATE: atomic on both databases, whoever writes first
    // wins and the other sees zero rows changed.
    const changed = await this.#db('stores')
      .where({ id })
      .whereNull('deleted_at')
      .where(q =>
        q
          .whereNull('lease_holder')
          .orWhere({ lease_holder: holder })
          .orWhere('lease_expires_at', '<', now),
      )
      .update({
        lease_holder: holder,
        lease_expires_at: new Date(now.getTime() + leaseMs),
      });
    if (!changed) {
      return undefined;
    }
    const row = await this.#db<StoreRow>('stores').where({ id }).first();
    return row ? rowToStore(row) : undefined;
  }

  async releaseStore(id: string, holder: string): Promise<void> {
    await this.#db('stores')
      .where({ id, lease_holder: holder })
      .update({ lease_holder: null, lease_expires_at: null });
  }

  async updateStatus(
    id: string,
    holder: string,
    patch: StoreStatusPatch,
  ): Promise<Store> {
    return this.#db.transaction(async tx => {
      const row = await this.#leasedRowForUpdate(tx, id, holder);
      const update: Partial<StoreRow> = { updated_at: this.#now() };
      if (patch.phase !== undefined && row.phase !== 'deleting') {
        update.phase = patch.phase;
      }
      if (patch.conditions !== undefined) {
        update.conditions = JSON.stringify(patch.conditions);
      }
      if (patch.urls !== undefined) {
        update.urls = JSON.stringify(patch.urls);
      }
      if (patch.failureReason !== undefined) {
        update.failure_reason = patch.failureReason;
      }
      if (patch.observedGeneration !== undefined) {
        update.observed_generation = patch.observedGeneration;
      }
      await tx('stores').where({ id }).update(update);
      return rowToStore(
        await tx<StoreRow>('stores').where({ id }).first().then(required),
      );
    });
  }

  async markDeleted(id: string, holder: string): Promise<void> {
    await this.#db.transaction(async tx => {
      await this.#leasedRowForUpdate(tx, id, holder);
      const now = this.#now();
      await tx('stores').where({ id }).update({
        phase: 'deleted',
        live_name: null,
        deleted_at: now,
        updated_at: now,
        lease_holder: null,
        lease_expires_at: null,
      });
      await tx('store_events').insert({
        store_id: id,
        type: 'Normal',
        reason: 'Deleted',
        message: 'Store and its namespace deleted',
        created_at: now,
      });
    });
  }

  async appendEvent(id: string, event: NewStoreEvent): Promise<void> {
    await this.#db('store_events').insert({
      store_id: id,
      type: event.type,
      reason: event.reason,
      message: event.message,
      created_at: this.#now(),
    });
  }

  async listEvents(
    id: string,
    options: { limit: number; cursor?: string },
  ): Promise<StoreEventList> {
    const query = this.#db<StoreEventRow>('store_events')
      .where({ store_id: id })
      .orderBy('id', 'asc')
      .limit(options.limit + 1);
    if (options.cursor) {
      query.where('id', '>', decodeEventCursor(options.cursor));
    }
    const rows = await query.select('*');
    const items: StoreEvent[] = rows
      .slice(0, options.limit)
      .map(rowToStoreEvent);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > options.limit && last
          ? Buffer.from(String(last.id)).toString('base64url')
          : undefined,
    };
  }

  async #liveRowForUpdate(tx: Knex.Transaction, id: string) {
    const query = tx<StoreRow>('stores').where({ id }).whereNull('deleted_at');
    const row = await (this.#isPostgres ? query.forUpdate() : query).first();
    if (!row) {
      throw new NotFoundError(`No store with id ${id}`);
    }
    return row;
  }

  async #leasedRowForUpdate(tx: Knex.Transaction, id: string, holder: string) {
    const row = await this.#liveRowForUpdate(tx, id);
    if (
      row.lease_holder !== holder ||
      !row.lease_expires_at ||
      toDate(row.lease_expires_at).getTime() < this.#now().getTime()
    ) {
      throw new ConflictError(
        `Lease on store ${id} is not held by ${holder} (holder: ${
          row.lease_holder ?? 'none'
        })`,
      );
    }
    return row;
  }
}

function required<T>(row: T | undefined): T {
  if (!row) {
    throw new NotFoundError('Store vanished during the update');
  }
  return row;
}

function duplicateNameError(name: string) {
  return new ConflictError(
    `A store named "${name}" already exists; choose another name`,
  );
}

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, c => `\\${c}`);
}

function decodeEventCursor(cursor: string): number {
  const id = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(id) || id < 0) {
    throw new InputError('Invalid cursor; start again without one');
  }
  return id;
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

/** Adds the access filter (owners list and permission criteria) in SQL. */
function applyAccess(query: Knex.QueryBuilder, access?: StoreAccessFilter) {
  if (!access) {
    return;
  }
  if (access.owners) {
    if (access.owners.length === 0) {
      query.whereRaw('1 = 0');
    } else {
      query.whereIn('owner', access.owners);
    }
  }
  if (access.criteria) {
    const criteria = access.criteria;
    query.where(q => applyCriteria(q, criteria));
  }
}

function applyCriteria(
  query: Knex.QueryBuilder,
  criteria: PermissionCriteria<StoreOwnerQuery>,
): void {
  if ('allOf' in criteria) {
    for (const c of criteria.allOf) {
      query.where(q => applyCriteria(q, c));
    }
  } else if ('anyOf' in criteria) {
    query.where(q => {
      for (const c of criteria.anyOf) {
        q.orWhere(q2 => applyCriteria(q2, c));
      }
    });
  } else if ('not' in criteria) {
    query.whereNot(q => applyCriteria(q, criteria.not));
  } else if (criteria.owners.length === 0) {
    query.whereRaw('1 = 0');
  } else {
    query.whereIn('owner', criteria.owners);
  }
}

import { mockServices } from '@backstage/backend-test-utils';
import type { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  createStoreRequestSchema,
  type CreateStoreRequest,
} from '@internal/plugin-stores-common';
import { createStoresTestDatabases } from '../__testUtils__/testDatabases';
import { KnexStoresDatabase } from './KnexStoresDatabase';
import type { CreateStoreInput } from './StoresDatabase';

jest.setTimeout(60_000);

const databases = createStoresTestDatabases();

const LIMITS = { perOwner: 100, total: 1000 };

function input(
  request: Partial<CreateStoreRequest> & { name: string },
  extra: Partial<CreateStoreInput> = {},
): CreateStoreInput {
  return {
    request: createStoreRequestSchema.parse({
      owner: 'group:default/team-a',
      ...request,
    }),
    namespace: `store-${request.name}`,
    createdBy: 'user:default/alice',
    limits: LIMITS,
    ...extra,
  };
}

describe.each(databases.eachSupportedId())(
  'KnexStoresDatabase on %p',
  (databaseId: TestDatabaseId) => {
    let clock: Date;

    async function createDatabase() {
      const knex = await databases.init(databaseId);
      clock = new Date('2026-11-23T10:00:00.000Z');
      const database = await KnexStoresDatabase.create({
        database: mockServices.database({ knex }),
        now: () => clock,
      });
      return { knex, database };
    }

    /** Each create at a distinct millisecond unless `same` is set. */
    function tick(ms = 1) {
      clock = new Date(clock.getTime() + ms);
    }

    it('creates a pending store with its Created event and reads it back', async () => {
      const { knex, database } = await createDatabase();
      const { store: created, created: isNew } = await database.createStore(
        input({ name: 'shop-one', displayName: 'Shop One', plan: 'medium' }),
      );
      expect(isNew).toBe(true);
      expect(created).toMatchObject({
        name: 'shop-one',
        displayName: 'Shop One',
        plan: 'medium',
        engine: 'woocommerce',
        owner: 'group:default/team-a',
        createdBy: 'user:default/alice',
        namespace: 'store-shop-one',
        phase: 'pending',
        conditions: [],
        urls: {},
        generation: 1,
        observedGeneration: 0,
        createdAt: '2026-11-23T10:00:00.000Z',
      });
      await expect(database.getStore(created.id)).resolves.toEqual(created);
      const events = await database.listEvents(created.id, { limit: 10 });
      expect(events.items).toEqual([
        expect.objectContaining({ reason: 'Created', type: 'Normal' }),
      ]);
      const rows = await knex('stores').select('live_name', 'phase');
      expect(rows).toEqual([{ live_name: 'shop-one', phase: 'pending' }]);
    });

    it('rejects a duplicate live name and allows it again once deleted', async () => {
      const { knex, database } = await createDatabase();
      const first = await database.createStore(input({ name: 'dup-shop' }));
      await expect(
        database.createStore(input({ name: 'dup-shop' })),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining('"dup-shop" already exists'),
      });
      expect(await knex('stores').count({ n: '*' })).toEqual([
        { n: expect.anything() },
      ]);
      expect(Number((await knex('stores').count({ n: '*' }))[0].n)).toBe(1);

      await database.markDeleting(first.store.id, 'user:default/alice');
      await database.claimStore(first.store.id, 'replica-1', 60_000);
      await database.markDeleted(first.store.id, 'replica-1');
      await expect(database.getStore(first.store.id)).resolves.toBeUndefined();

      tick();
      const again = await database.createStore(input({ name: 'dup-shop' }));
      expect(again.created).toBe(true);
      expect(again.store.id).not.toBe(first.store.id);
    });

    it('answers a repeated idempotency key with the first store', async () => {
      const { knex, database } = await createDatabase();
      const a = await database.createStore(
        input({ name: 'idem-shop' }, { idempotencyKey: 'key-1' }),
      );
      const b = await database.createStore(
        input({ name: 'idem-shop' }, { idempotencyKey: 'key-1' }),
      );
      expect(b).toEqual({ store: a.store, created: false });
      // The same key from another user is another request.
      await expect(
        database.createStore(
          input(
            { name: 'idem-shop' },
            { idempotencyKey: 'key-1', createdBy: 'user:default/bob' },
          ),
        ),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      expect(Number((await knex('stores').count({ n: '*' }))[0].n)).toBe(1);
    });

    it('enforces the per-owner, total and per-minute limits', async () => {
      const { knex, database } = await createDatabase();
      const limits = { perOwner: 2, total: 3, perUserPerMinute: 4 };
      await database.createStore(input({ name: 'own-a' }, { limits }));
      tick();
      await database.createStore(input({ name: 'own-b' }, { limits }));
      tick();
      await expect(
        database.createStore(input({ name: 'own-c' }, { limits })),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining('limit per owner is 2'),
      });
      await database.createStore(
        input({ name: 'own-c', owner: 'group:default/team-b' }, { limits }),
      );
      tick();
      await expect(
        database.createStore(
          input({ name: 'own-d', owner: 'group:default/team-c' }, { limits }),
        ),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining('maximum of 3 stores'),
      });
      const rate = { perOwner: 10, total: 10, perUserPerMinute: 3 };
      await expect(
        database.createStore(
          input(
            { name: 'own-e', owner: 'group:default/team-c' },
            { limits: rate },
          ),
        ),
      ).rejects.toMatchObject({
        name: 'TooManyRequestsError',
        statusCode: 429,
        message: expect.stringContaining('3 per minute'),
      });
      tick(61_000);
      await database.createStore(
        input(
          { name: 'own-e', owner: 'group:default/team-c' },
          { limits: rate },
        ),
      );
      expect(Number((await knex('stores').count({ n: '*' }))[0].n)).toBe(4);
    });

    it('writes nothing on a dry run but still checks duplicates', async () => {
      const { knex, database } = await createDatabase();
      const dry = await database.createStore(
        input({ name: 'dry-shop' }, { dryRun: true }),
      );
      expect(dry.created).toBe(false);
      expect(dry.store).toMatchObject({ name: 'dry-shop', phase: 'pending' });
      expect(Number((await knex('stores').count({ n: '*' }))[0].n)).toBe(0);
      expect(Number((await knex('store_events').count({ n: '*' }))[0].n)).toBe(
        0,
      );
      await database.createStore(input({ name: 'dry-shop' }));
      await expect(
        database.createStore(input({ name: 'dry-shop' }, { dryRun: true })),
      ).rejects.toMatchObject({ name: 'ConflictError' });
    });

    it('pages with a cursor over combined filters and counts the filtered set', async () => {
      const { database } = await createDatabase();
      const created = [];
      for (let i = 0; i < 12; i++) {
        const { store: s } = await database.createStore(
          input({
            name: `page-${String(i).padStart(2, '0')}`,
            displayName: i % 2 ? `Odd 100%_ ${i}` : `Even ${i}`,
            owner: i % 3 ? 'group:default/team-a' : 'group:default/team-b',
          }),
        );
        created.push(s);
        // Every third store shares its timestamp with the next one, so the
        // id breaks ties in the keyset.
        if (i % 3 !== 0) tick();
      }
      const all = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await database.listStores({ limit: 5, cursor });
        expect(page.totalCount).toBe(12);
        all.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(all.map(s => s.id).sort()).toEqual(created.map(s => s.id).sort());
      // Newest first.
      expect(all[0].createdAt >= all[all.length - 1].createdAt).toBe(true);

      const query = {
        limit: 3,
        owners: ['group:default/team-a'],
        text: '100%_',
      };
      const filtered = await database.listStores(query);
      // Odd i not divisible by 3: 1, 5, 7, 11.
      const expected = created.filter((_, i) => i % 3 !== 0 && i % 2 === 1);
      expect(expected).toHaveLength(4);
      expect(filtered.totalCount).toBe(4);
      expect(filtered.items).toHaveLength(3);
      const second = await database.listStores({
        ...query,
        cursor: filtered.nextCursor,
      });
      expect(second.items).toHaveLength(1);
      expect(second.totalCount).toBe(4);
      expect(second.nextCursor).toBeUndefined();
      expect(
        [...filtered.items, ...second.items].map(s => s.id).sort(),
      ).toEqual(expected.map(s => s.id).sort());

      await database.markDeleting(created[0].id, 'user:default/alice');
      const deleting = await database.listStores({
        limit: 10,
        phases: ['deleting'],
      });
      expect(deleting.items.map(s => s.id)).toEqual([created[0].id]);

      await expect(
        database.listStores({ limit: 5, cursor: 'not-a-cursor' }),
      ).rejects.toMatchObject({ name: 'InputError' });
    });

    it('applies access criteria in SQL (owners, allOf, anyOf, not)', async () => {
      const { database } = await createDatabase();
      const a = await database.createStore(input({ name: 'acc-a' }));
      tick();
      const b = await database.createStore(
        input({ name: 'acc-b', owner: 'group:default/team-b' }),
      );
      tick();
      const c = await database.createStore(
        input({ name: 'acc-c', owner: 'user:default/carol' }),
      );
      const ids = async (access: any) =>
        (await database.listStores({ limit: 10, access })).items
          .map(s => s.name)
          .sort();
      expect(await ids({ owners: ['group:default/team-b'] })).toEqual([
        'acc-b',
      ]);
      expect(await ids({ owners: [] })).toEqual([]);
      expect(
        await ids({
          criteria: {
            anyOf: [
              { owners: ['group:default/team-a'] },
              { owners: ['user:default/carol'] },
            ],
          },
        }),
      ).toEqual(['acc-a', 'acc-c']);
      expect(
        await ids({ criteria: { not: { owners: ['group:default/team-a'] } } }),
      ).toEqual(['acc-b', 'acc-c']);
      expect(
        await ids({
          criteria: {
            allOf: [
              { owners: ['group:default/team-a', 'group:default/team-b'] },
              { not: { owners: ['group:default/team-b'] } },
            ],
          },
        }),
      ).toEqual(['acc-a']);
      await expect(
        database.getStore(b.store.id, { owners: ['group:default/team-a'] }),
      ).resolves.toBeUndefined();
      await expect(
        database.getStore(a.store.id, { owners: ['group:default/team-a'] }),
      ).resolves.toMatchObject({ id: a.store.id });
      expect(c.created).toBe(true);
    });

    it('delete and retry move the phase, bump the generation and log events', async () => {
      const { database } = await createDatabase();
      const { store: s } = await database.createStore(
        input({ name: 'life-shop' }),
      );
      await expect(
        database.markRetry(s.id, 'user:default/alice'),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining('is pending'),
      });
      expect(await database.claimStore(s.id, 'r1', 60_000)).toBeDefined();
      await database.updateStatus(s.id, 'r1', {
        phase: 'failed',
        failureReason: 'bootstrap Job failed',
        observedGeneration: 1,
      });
      const retried = await database.markRetry(s.id, 'user:default/alice');
      expect(retried).toMatchObject({ phase: 'provisioning', generation: 2 });
      expect(retried.failureReason).toBeUndefined();

      const deleting = await database.markDeleting(s.id, 'user:default/bob');
      expect(deleting).toMatchObject({ phase: 'deleting', generation: 3 });
      // Idempotent.
      expect(await database.markDeleting(s.id, 'user:default/bob')).toEqual(
        deleting,
      );
      // A pass that started before the delete cannot move it out of deleting.
      const after = await database.updateStatus(s.id, 'r1', { phase: 'ready' });
      expect(after.phase).toBe('deleting');

      const events = await database.listEvents(s.id, { limit: 2 });
      expect(events.items.map(e => e.reason)).toEqual([
        'Created',
        'RetryRequested',
      ]);
      const more = await database.listEvents(s.id, {
        limit: 2,
        cursor: events.nextCursor,
      });
      expect(more.items.map(e => e.reason)).toEqual(['DeletionRequested']);
      expect(more.nextCursor).toBeUndefined();
      await expect(
        database.markDeleting('00000000-0000-0000-0000-000000000000', 'x'),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    });

    it('grants a lease to one holder at a time until it expires', async () => {
      const { database } = await createDatabase();
      const { store: s } = await database.createStore(
        input({ name: 'lease-shop' }),
      );
      expect(await database.claimStore(s.id, 'r1', 10_000)).toMatchObject({
        id: s.id,
      });
      expect(await database.claimStore(s.id, 'r2', 10_000)).toBeUndefined();
      await expect(
        database.updateStatus(s.id, 'r2', { phase: 'ready' }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      // Renewal by the holder.
      expect(await database.claimStore(s.id, 'r1', 10_000)).toBeDefined();
      tick(10_001);
      expect(await database.claimStore(s.id, 'r2', 10_000)).toBeDefined();
      await expect(
        database.updateStatus(s.id, 'r1', { phase: 'ready' }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      await database.releaseStore(s.id, 'r2');
      expect(await database.claimStore(s.id, 'r1', 10_000)).toBeDefined();
      const updated = await database.updateStatus(s.id, 'r1', {
        phase: 'ready',
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'AllStagesReady',
            message: 'ok',
            lastTransitionTime: clock.toISOString(),
          },
        ],
        urls: { storefront: 'http://lease-shop.stores.localhost' },
        observedGeneration: 1,
      });
      expect(updated).toMatchObject({
        phase: 'ready',
        urls: { storefront: 'http://lease-shop.stores.localhost' },
        observedGeneration: 1,
      });
      expect(await database.listLiveStoreIds()).toEqual([s.id]);
      await database.markDeleted(s.id, 'r1');
      expect(await database.listLiveStoreIds()).toEqual([]);
      expect(await database.claimStore(s.id, 'r1', 10_000)).toBeUndefined();
    });
  },
);

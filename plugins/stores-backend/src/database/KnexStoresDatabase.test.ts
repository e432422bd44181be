import {
  describeStoresDatabase,
  input,
} from '../__testUtils__/storesDatabaseFixture';

/* Creates, limits, idempotency, dry runs, delete and retry (storeRequests.ts),
 * a row re-created from the cluster (storeRestore.ts); reads are in
 * storeQueries.test.ts, leases in leases.test.ts. */

jest.setTimeout(60_000);

describeStoresDatabase('KnexStoresDatabase on %p', t => {
  it('creates a pending store with its Created event and reads it back', async () => {
    const { knex, database } = await t.createDatabase();
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
    const { knex, database } = await t.createDatabase();
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

    t.tick();
    const again = await database.createStore(input({ name: 'dup-shop' }));
    expect(again.created).toBe(true);
    expect(again.store.id).not.toBe(first.store.id);
  });

  it('answers a repeated idempotency key with the first store', async () => {
    const { knex, database } = await t.createDatabase();
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
    const { knex, database } = await t.createDatabase();
    const limits = { perOwner: 2, total: 3, perUserPerMinute: 4 };
    await database.createStore(input({ name: 'own-a' }, { limits }));
    t.tick();
    await database.createStore(input({ name: 'own-b' }, { limits }));
    t.tick();
    await expect(
      database.createStore(input({ name: 'own-c' }, { limits })),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('limit per owner is 2'),
    });
    await database.createStore(
      input({ name: 'own-c', owner: 'group:default/team-b' }, { limits }),
    );
    t.tick();
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
    t.tick(61_000);
    await database.createStore(
      input({ name: 'own-e', owner: 'group:default/team-c' }, { limits: rate }),
    );
    expect(Number((await knex('stores').count({ n: '*' }))[0].n)).toBe(4);
  });

  it('writes nothing on a dry run but still checks duplicates', async () => {
    const { knex, database } = await t.createDatabase();
    const dry = await database.createStore(
      input({ name: 'dry-shop' }, { dryRun: true }),
    );
    expect(dry.created).toBe(false);
    expect(dry.store).toMatchObject({ name: 'dry-shop', phase: 'pending' });
    expect(Number((await knex('stores').count({ n: '*' }))[0].n)).toBe(0);
    expect(Number((await knex('store_events').count({ n: '*' }))[0].n)).toBe(0);
    await database.createStore(input({ name: 'dry-shop' }));
    await expect(
      database.createStore(input({ name: 'dry-shop' }, { dryRun: true })),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('delete and retry move the phase, bump the generation and log events', async () => {
    const { database } = await t.createDatabase();
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

  it("re-creates a lost row from the cluster's record, once, with the backup a restored store came from", async () => {
    const { database } = await t.createDatabase();
    const lost = {
      id: '5a0c1e6e-5c1b-4e4e-9a57-3f0c1e6e5c1b',
      name: 'lost-shop',
      namespace: 'store-lost-shop',
      owner: 'group:default/team-a',
      engine: 'woocommerce',
      plan: 'small',
      displayName: 'Lost Shop',
      createdBy: 'user:default/alice',
      createdAt: '2026-11-20T08:00:00.000Z',
      restoredFrom: { store: 'source-shop', backup: 'store-backup-29936990' },
      restoredBy: 'user:default/admin',
    };
    const restored = await database.restoreStore(lost);
    expect(restored).toMatchObject({
      id: lost.id,
      name: 'lost-shop',
      phase: 'provisioning',
      createdAt: lost.createdAt,
      restoredFrom: lost.restoredFrom,
    });
    await expect(database.getStore(lost.id)).resolves.toEqual(restored);
    // Any row with that id (or a live store with that name) wins.
    await expect(database.restoreStore(lost)).resolves.toBeUndefined();
    const events = await database.listEvents(lost.id, { limit: 5 });
    expect(events.items.map(e => e.reason)).toEqual(['Restored']);
  });
});

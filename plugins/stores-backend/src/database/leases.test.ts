import {
  describeStoresDatabase,
  input,
} from '../__testUtils__/storesDatabaseFixture';

/* The reconciler's leased writes (leases.ts). */

jest.setTimeout(60_000);

describeStoresDatabase('KnexStoresDatabase leases on %p', t => {
  it('grants a lease to one holder at a time until it expires', async () => {
    const { database } = await t.createDatabase();
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
    t.tick(10_001);
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
          lastTransitionTime: t.clock.toISOString(),
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
});

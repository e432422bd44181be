import {
  describeStoresDatabase,
  input,
} from '../__testUtils__/storesDatabaseFixture';

/* The reconciler's leased writes (leases.ts); expiry by the database's clock (leaseClock.ts). */

jest.setTimeout(60_000);

/** Polls `claim` until it succeeds; bounded, so a lease that never expires fails the test. */
async function claimOnceExpired(claim: () => Promise<unknown>) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (await claim()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error('the lease did not expire within 20 s');
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

describeStoresDatabase('KnexStoresDatabase leases on %p', t => {
  it('grants a lease to one holder at a time until it is released', async () => {
    const { database } = await t.createDatabase();
    const { store: s } = await database.createStore(
      input({ name: 'lease-shop' }),
    );
    expect(await database.leaseRemainingMs(s.id)).toBe(0);
    expect(await database.claimStore(s.id, 'r1', 30_000)).toMatchObject({
      id: s.id,
    });
    expect(await database.claimStore(s.id, 'r2', 30_000)).toBeUndefined();
    const remaining = await database.leaseRemainingMs(s.id);
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(30_000);
    await expect(
      database.updateStatus(s.id, 'r2', { phase: 'ready' }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    // Renewal by the holder only; a released lease is not taken back by a renewal.
    expect(await database.claimStore(s.id, 'r1', 30_000)).toBeDefined();
    expect(await database.renewLease(s.id, 'r1', 30_000)).toBe(true);
    expect(await database.renewLease(s.id, 'r2', 30_000)).toBe(false);
    await database.releaseStore(s.id, 'r1');
    expect(await database.renewLease(s.id, 'r1', 30_000)).toBe(false);
    expect(await database.leaseRemainingMs(s.id)).toBe(0);
    expect(await database.claimStore(s.id, 'r2', 30_000)).toBeDefined();
    const updated = await database.updateStatus(s.id, 'r2', {
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
    await database.markDeleted(s.id, 'r2');
    expect(await database.listLiveStoreIds()).toEqual([]);
    expect(await database.claimStore(s.id, 'r1', 30_000)).toBeUndefined();
  });

  it('decides expiry by the database clock, not the replica clock', async () => {
    const { database } = await t.createDatabase();
    const { store: s } = await database.createStore(
      input({ name: 'clock-shop' }),
    );
    expect(await database.claimStore(s.id, 'r1', 30_000)).toBeDefined();
    // A replica whose clock runs an hour ahead neither steals the lease nor
    // makes the holder's writes fail.
    t.tick(3_600_000);
    expect(await database.claimStore(s.id, 'r2', 30_000)).toBeUndefined();
    await expect(
      database.updateStatus(s.id, 'r1', { phase: 'provisioning' }),
    ).resolves.toMatchObject({ phase: 'provisioning' });

    // A short lease runs out on the database's clock: then another holder
    // takes it, and the old holder's writes are refused.
    expect(await database.claimStore(s.id, 'r1', 300)).toBeDefined();
    await claimOnceExpired(() => database.claimStore(s.id, 'r2', 30_000));
    await expect(
      database.updateStatus(s.id, 'r1', { phase: 'ready' }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('reaps the leases that ran out by the database clock, and only those', async () => {
    const { database } = await t.createDatabase();
    const ids: string[] = [];
    for (const name of ['crashed-shop', 'held-shop', 'free-shop']) {
      ids.push((await database.createStore(input({ name }))).store.id);
    }
    const [crashed, held] = ids;
    expect(await database.reapExpiredLeases()).toEqual([]);
    await database.claimStore(held, 'r2', 30_000);
    // A replica clock far ahead changes nothing: only the database's counts.
    t.tick(3_600_000);
    expect(await database.reapExpiredLeases()).toEqual([]);
    await database.claimStore(crashed, 'r1', 300);
    let reaped: string[] = [];
    await claimOnceExpired(async () => {
      reaped = await database.reapExpiredLeases();
      return reaped.length > 0;
    });
    expect(reaped).toEqual([crashed]);
    // Freed: nothing left to reap, anyone may claim it; the held one stays held.
    expect(await database.reapExpiredLeases()).toEqual([]);
    expect(await database.leaseRemainingMs(crashed)).toBe(0);
    expect(await database.renewLease(crashed, 'r1', 30_000)).toBe(false);
    expect(await database.claimStore(crashed, 'r3', 30_000)).toBeDefined();
    expect(await database.claimStore(held, 'r3', 30_000)).toBeUndefined();
  });

  it("releases every lease of one holder at shutdown, and only that holder's", async () => {
    const { database } = await t.createDatabase();
    const ids: string[] = [];
    for (const name of ['a-shop', 'b-shop', 'c-shop']) {
      ids.push((await database.createStore(input({ name }))).store.id);
    }
    await database.claimStore(ids[0], 'r1', 30_000);
    await database.claimStore(ids[1], 'r1', 30_000);
    await database.claimStore(ids[2], 'r2', 30_000);
    expect(await database.releaseLeases('r1')).toBe(2);
    expect(await database.claimStore(ids[0], 'r3', 30_000)).toBeDefined();
    expect(await database.claimStore(ids[1], 'r3', 30_000)).toBeDefined();
    expect(await database.claimStore(ids[2], 'r3', 30_000)).toBeUndefined();
  });
});

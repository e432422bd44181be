import {
  describeStoresDatabase,
  input,
} from '../__testUtils__/storesDatabaseFixture';

/* Keyset paging, filters and the access filter in SQL (storeQueries.ts, accessFilter.ts). */

jest.setTimeout(60_000);

describeStoresDatabase('KnexStoresDatabase reads on %p', t => {
  it('pages with a cursor over combined filters and counts the filtered set', async () => {
    const { database } = await t.createDatabase();
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
      if (i % 3 !== 0) t.tick();
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
    expect([...filtered.items, ...second.items].map(s => s.id).sort()).toEqual(
      expected.map(s => s.id).sort(),
    );

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
    const { database } = await t.createDatabase();
    const a = await database.createStore(input({ name: 'acc-a' }));
    t.tick();
    const b = await database.createStore(
      input({ name: 'acc-b', owner: 'group:default/team-b' }),
    );
    t.tick();
    const c = await database.createStore(
      input({ name: 'acc-c', owner: 'user:default/carol' }),
    );
    const ids = async (access: any) =>
      (await database.listStores({ limit: 10, access })).items
        .map(s => s.name)
        .sort();
    expect(await ids({ owners: ['group:default/team-b'] })).toEqual(['acc-b']);
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
});

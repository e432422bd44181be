import type { Store } from '@internal/plugin-stores-common';
import { ADA, JANE, MARKETING, OMAR, SHOP_TEAM } from '../__testUtils__/people';
import {
  PolicyTestBackend,
  policyTestDatabases,
} from '../__testUtils__/policyTestBackend';

/*
 * Acceptance of the stores policy through the real stores backend, the real
 * permission backend and the real signals backend, on SQLite and
 * PostgreSQL: jane (shop-team) and omar (marketing) own stores, ada is in
 * the admin group platform-team.
 */

// Per suite: each test starts a whole backend and migrates a database on a
// machine that may be busy with other builds.
jest.setTimeout(120_000);

const databases = policyTestDatabases();

describe.each(databases.eachSupportedId())(
  'stores access on %p',
  databaseId => {
    const portal = new PolicyTestBackend();
    afterEach(() => portal.stop());

    /** jane's store (owned by her group) and omar's (owned by him). */
    async function twoStores(): Promise<{ janes: Store; omars: Store }> {
      const janes = await portal.create(JANE, {
        name: 'jane-shop',
        owner: SHOP_TEAM,
      });
      const omars = await portal.create(OMAR, {
        name: 'omar-shop',
        owner: OMAR,
      });
      expect([janes.status, omars.status]).toEqual([202, 202]);
      return { janes: janes.body, omars: omars.body };
    }

    describe('with read mode owners', () => {
      beforeEach(() => portal.start({ databases, databaseId, read: 'owners' }));

      it('hides a store from users who do not own it: 404 on get, events, delete and retry', async () => {
        const { janes } = await twoStores();

        for (const res of [
          await portal.get(OMAR, `/stores/${janes.id}`),
          await portal.get(OMAR, `/stores/${janes.id}/events`),
          await portal.delete(OMAR, janes.id),
          await portal.retry(OMAR, janes.id),
        ]) {
          expect(res.status).toBe(404);
          expect(res.body.error.message).toBe(`No store with id ${janes.id}`);
        }
        // Still there, for its owner.
        expect((await portal.get(JANE, `/stores/${janes.id}`)).status).toBe(
          200,
        );
      });

      it('lists only the stores of the user and their groups', async () => {
        await twoStores();
        expect(await portal.listNames(JANE)).toEqual(['jane-shop']);
        expect(await portal.listNames(OMAR)).toEqual(['omar-shop']);
        // Asking for another owner's stores explicitly finds none.
        const asked = await portal.get(
          OMAR,
          `/stores?owner=${encodeURIComponent(SHOP_TEAM)}`,
        );
        expect(asked.body).toEqual({ items: [], totalCount: 0 });
      });

      it('lets a group member change the group store', async () => {
        const { janes } = await twoStores();
        const deleted = await portal.delete(JANE, janes.id);
        expect(deleted.status).toBe(202);
        expect(deleted.body.phase).toBe('deleting');
      });

      it('refuses a create for an owner outside the caller refs with 403 and says why, dry run included', async () => {
        for (const query of ['', '?dryRun=true']) {
          const res = await portal.create(
            OMAR,
            { name: 'not-mine', owner: SHOP_TEAM },
            query,
          );
          expect([query, res.status]).toEqual([query, 403]);
          expect(res.body.error).toMatchObject({
            name: 'NotAllowedError',
            message:
              'You are not allowed to create a store owned by group:default/shop-team; choose yourself or one of your groups as the owner, or ask the platform team',
          });
        }
        expect(await portal.listNames(JANE)).toEqual([]);
        // The owner's spelling does not matter: refs are compared normalized.
        const own = await portal.create(OMAR, {
          name: 'omar-campaign',
          owner: 'Group:Marketing',
        });
        expect(own.status).toBe(202);
        expect(own.body.owner).toBe(MARKETING);
      });

      it('lets an admin read, create for anyone, retry and delete every store', async () => {
        const { janes, omars } = await twoStores();
        expect(await portal.listNames(ADA)).toEqual(['jane-shop', 'omar-shop']);
        expect((await portal.get(ADA, `/stores/${janes.id}`)).status).toBe(200);
        const forMarketing = await portal.create(ADA, {
          name: 'ada-made',
          owner: MARKETING,
        });
        expect(forMarketing.status).toBe(202);
        // Permitted, so the store's phase decides: only a failed store retries.
        const retried = await portal.retry(ADA, omars.id);
        expect(retried.status).toBe(409);
        expect((await portal.delete(ADA, omars.id)).status).toBe(202);
        expect(await portal.listNames(OMAR)).toEqual(['ada-made', 'omar-shop']);
      });

      it("sends a store's signals to its owners and the admins, not to other users", async () => {
        const jane = await portal.listen(JANE);
        const omar = await portal.listen(OMAR);
        const ada = await portal.listen(ADA);

        await portal.create(JANE, { name: 'jane-first', owner: JANE });
        await jane.waitForStore('jane-first');
        await portal.create(OMAR, { name: 'omar-first', owner: OMAR });
        await omar.waitForStore('omar-first');
        await ada.waitForStore('omar-first');

        // shop-team's store: jane is a member, ada an admin.
        await portal.create(JANE, { name: 'team-shop', owner: SHOP_TEAM });
        await jane.waitForStore('team-shop');
        await ada.waitForStore('team-shop');
        // One connection gets its signals in order: once omar has heard about
        // the store created after team-shop, team-shop had passed him by.
        await portal.create(OMAR, { name: 'omar-last', owner: OMAR });
        await omar.waitForStore('omar-last');
        await jane.waitForStore('team-shop');

        expect(omar.storeNames()).toEqual(['omar-first', 'omar-last']);
        expect(jane.storeNames()).toEqual(['jane-first', 'team-shop']);
        expect(ada.storeNames()).toEqual(
          expect.arrayContaining(['jane-first', 'omar-first', 'team-shop']),
        );
      });
    });

    describe('with read mode all', () => {
      beforeEach(() => portal.start({ databases, databaseId, read: 'all' }));

      it('lets everyone read every store, while changes stay with the owners', async () => {
        const { janes } = await twoStores();
        expect(await portal.listNames(OMAR)).toEqual([
          'jane-shop',
          'omar-shop',
        ]);
        expect((await portal.get(OMAR, `/stores/${janes.id}`)).status).toBe(
          200,
        );

        const deleted = await portal.delete(OMAR, janes.id);
        expect(deleted.status).toBe(403);
        expect(deleted.body.error.message).toBe(
          `You are not allowed to delete store "jane-shop"; ask its owner (${SHOP_TEAM}) or the platform team`,
        );
        const retried = await portal.retry(OMAR, janes.id);
        expect(retried.status).toBe(403);

        const foreign = await portal.create(OMAR, {
          name: 'not-mine',
          owner: SHOP_TEAM,
        });
        expect(foreign.status).toBe(403);
        expect((await portal.get(JANE, `/stores/${janes.id}`)).body.phase).toBe(
          'pending',
        );
      });

      it('sends every store signal to every signed-in session', async () => {
        const jane = await portal.listen(JANE);
        const omar = await portal.listen(OMAR);
        await portal.create(JANE, { name: 'team-shop', owner: SHOP_TEAM });
        await jane.waitForStore('team-shop');
        await omar.waitForStore('team-shop');
        expect([jane.storeNames(), omar.storeNames()]).toEqual([
          ['team-shop'],
          ['team-shop'],
        ]);
      });
    });
  },
);

import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  storeCreatePermission,
  storeDeletePermission,
  storeUpdatePermission,
  type Store,
} from '@internal/plugin-stores-common';
import request from 'supertest';
import {
  ALICE,
  auth,
  BOB,
  describeRouterOnEachDatabase,
} from '../__testUtils__/routerTestBackend';
import {
  ownedByCaller,
  PLANTED_SECRET,
  SECRET_KEYS,
  type TestPolicy,
} from '../__testUtils__/testServices';

/* Owner-scoped permission policies, and secrets never leaving the plugin. */

jest.setTimeout(120_000);

describeRouterOnEachDatabase(
  'stores router permissions and secrets on %p',
  t => {
    it('with an owner-scoped policy a user sees and changes only their own stores', async () => {
      await t.start();
      const mine = await t.create({ name: 'alice-shop', owner: ALICE }, ALICE);
      const theirs = await t.create({ name: 'bob-shop', owner: BOB }, BOB);
      expect([mine.status, theirs.status]).toEqual([202, 202]);
      await t.markFailed(theirs.body.id);

      const ownOnly: TestPolicy = (permission, credentials) =>
        permission.name === storeCreatePermission.name
          ? { result: AuthorizeResult.ALLOW }
          : ownedByCaller(permission, credentials);
      t.policy = ownOnly;

      const list = await request(t.server)
        .get('/api/stores/stores')
        .set(auth(ALICE))
        .expect(200);
      expect(list.body.totalCount).toBe(1);
      expect(list.body.items.map((s: Store) => s.name)).toEqual(['alice-shop']);
      // Even when asking for Bob's stores explicitly.
      const asked = await request(t.server)
        .get(`/api/stores/stores?owner=${BOB}`)
        .set(auth(ALICE))
        .expect(200);
      expect(asked.body).toEqual({ items: [], totalCount: 0 });

      const id = theirs.body.id;
      for (const [method, path] of [
        ['get', `/api/stores/stores/${id}`],
        ['get', `/api/stores/stores/${id}/events`],
        ['delete', `/api/stores/stores/${id}`],
        ['post', `/api/stores/stores/${id}/retry`],
      ] as const) {
        const res = await (request(t.server) as any)
          [method](path)
          .set(auth(ALICE));
        expect([method, path, res.status]).toEqual([method, path, 404]);
        expect(res.body.error.message).toBe(`No store with id ${id}`);
      }
      const bobsStore = await request(t.server)
        .get(`/api/stores/stores/${id}`)
        .set(auth(BOB))
        .expect(200);
      expect(bobsStore.body.phase).toBe('failed');
      expect((await t.captured.audits()).map(a => a.eventId)).toEqual([
        'store-create',
        'store-create',
      ]);

      // Read everything, but delete and retry only your own: 403.
      t.policy = (permission, credentials) =>
        permission.name === storeDeletePermission.name ||
        permission.name === storeUpdatePermission.name
          ? ownOnly(permission, credentials)
          : { result: AuthorizeResult.ALLOW };
      await request(t.server)
        .get(`/api/stores/stores/${id}`)
        .set(auth(ALICE))
        .expect(200);
      const del = await request(t.server)
        .delete(`/api/stores/stores/${id}`)
        .set(auth(ALICE));
      expect(del.status).toBe(403);
      expect(del.body.error.message).toContain('not allowed to delete');
      const retry = await request(t.server)
        .post(`/api/stores/stores/${id}/retry`)
        .set(auth(ALICE));
      expect(retry.status).toBe(403);
      const row = await t.knex('stores').where({ id }).first();
      expect(row.phase).toBe('failed');

      // A condition the plugin does not know is a clear denial of the list.
      t.policy = () => ({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'stores',
        resourceType: 'store',
        conditions: { rule: 'HAS_LABEL', resourceType: 'store', params: {} },
      });
      const odd = await request(t.server)
        .get('/api/stores/stores')
        .set(auth(ALICE));
      expect(odd.status).toBe(403);
      expect(odd.body.error.message).toContain('IS_STORE_OWNER');
    });

    it('never lets a secret out through responses, events, logs or signals', async () => {
      await t.start();
      const bodies: string[] = [];
      const keep = (res: request.Response) => {
        bodies.push(res.text);
        return res;
      };
      const created = keep(
        await t.create({ name: 'secret-shop', owner: 'group:default/a' }),
      );
      const id = created.body.id;
      keep(await t.create({ name: 'secret-shop', owner: 'group:default/a' }));
      keep(
        await t.create({ name: 'secret-two', owner: 'group:default/a' }).query({
          dryRun: 'true',
        }),
      );
      await t.markFailed(id);
      keep(
        await request(t.server)
          .post(`/api/stores/stores/${id}/retry`)
          .set(auth(ALICE)),
      );
      keep(await request(t.server).get('/api/stores/stores').set(auth(ALICE)));
      keep(
        await request(t.server)
          .get(`/api/stores/stores/${id}`)
          .set(auth(ALICE)),
      );
      keep(
        await request(t.server)
          .delete(`/api/stores/stores/${id}`)
          .set(auth(ALICE)),
      );
      keep(
        await request(t.server)
          .get(`/api/stores/stores/${id}/events`)
          .set(auth(ALICE)),
      );
      const eventRows = JSON.stringify(await t.knex('store_events').select());
      const storeRows = JSON.stringify(await t.knex('stores').select());

      // The dry run is the only place the Secret's key names may appear
      // (redacted); its values appear nowhere.
      const [dryRun] = bodies.splice(2, 1);
      expect(dryRun).toContain('WORDPRESS_DB_PASSWORD');
      const everywhere = [
        dryRun,
        ...bodies,
        eventRows,
        storeRows,
        await t.captured.dump(),
      ].join('\n');
      expect(everywhere).not.toContain(PLANTED_SECRET);
      expect(everywhere).not.toContain(
        Buffer.from(PLANTED_SECRET).toString('base64'),
      );
      const outsideDryRun = [
        ...bodies,
        eventRows,
        storeRows,
        await t.captured.dump(),
      ].join('\n');
      for (const key of SECRET_KEYS) {
        expect([key, outsideDryRun.includes(key)]).toEqual([key, false]);
      }
      expect(outsideDryRun).not.toMatch(/password|secret"\s*:|token"\s*:/i);
      // The capture did record the work, so the search had something to read.
      expect(t.captured.logLines().length).toBeGreaterThan(0);
      expect(t.captured.signals.length).toBe(3);
    });
  },
);

import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { BackstageUserPrincipal } from '@backstage/backend-plugin-api';
import {
  STORE_EVENTS_TOPIC,
  STORE_SIGNAL_CHANNEL,
  storeCreatePermission,
  storeDeletePermission,
  storeReadPermission,
  storeUpdatePermission,
  type Store,
} from '@internal/plugin-stores-common';
import type { Knex } from 'knex';
import request from 'supertest';
import { KnexStoresDatabase } from '../database/KnexStoresDatabase';
import {
  storeConditions,
  createStoreConditionalDecision,
} from '../permissions';
import storesPlugin from '../index';
import { createStoresTestDatabases } from '../__testUtils__/testDatabases';
import {
  allowAll,
  Captured,
  fakeEngineModule,
  PLANTED_SECRET,
  policyPermissionsFactory,
  SECRET_KEYS,
  type TestPolicy,
} from '../__testUtils__/testServices';

jest.setTimeout(120_000);

const databases = createStoresTestDatabases();

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const auth = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});

describe.each(databases.eachSupportedId())(
  'stores router on %p',
  (databaseId: TestDatabaseId) => {
    let knex: Knex;
    let captured: Captured;
    let policy: TestPolicy;
    let server: any;
    let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;

    async function start(storesConfig: object = {}) {
      knex = await databases.init(databaseId);
      captured = new Captured();
      policy = allowAll;
      backend = await startTestBackend({
        features: [
          storesPlugin,
          fakeEngineModule,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              stores: {
                // The router is under test here; the reconciler has its
                // own tests against a real cluster.
                reconciler: { enabled: false },
                limits: {
                  perOwner: 50,
                  total: 100,
                  createsPerUserPerMinute: 100,
                },
                ...storesConfig,
              },
            },
          }),
          // No Authorization header means no credentials at all.
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          policyPermissionsFactory(() => policy),
          ...captured.factories(),
        ],
      });
      server = backend.server;
    }

    afterEach(async () => {
      await backend?.stop();
      backend = undefined;
    });

    async function countRows() {
      const [{ stores }] = await knex('stores').count({ stores: '*' });
      const [{ events }] = await knex('store_events').count({ events: '*' });
      return { stores: Number(stores), events: Number(events) };
    }

    /** A second handle on the database, acting as the reconciler would. */
    async function asReconciler() {
      return KnexStoresDatabase.create({
        database: mockServices.database({ knex }),
        skipMigrations: true,
      });
    }

    async function markFailed(id: string) {
      const db = await asReconciler();
      await db.claimStore(id, 'test-reconciler', 60_000);
      await db.updateStatus(id, 'test-reconciler', {
        phase: 'failed',
        failureReason: 'bootstrap Job failed',
      });
      await db.releaseStore(id, 'test-reconciler');
    }

    const create = (body: object, user = ALICE, headers = {}) =>
      request(server)
        .post('/api/stores/stores')
        .set(auth(user))
        .set(headers)
        .send(body);

    it('serves /health without a token and /readiness with the reconciler reason', async () => {
      await start();
      await request(server)
        .get('/api/stores/health')
        .expect(200, { status: 'ok' });
      await request(server).get('/api/stores/readiness').expect(401);
      const ready = await request(server)
        .get('/api/stores/readiness')
        .set(auth(ALICE));
      expect(ready.status).toBe(503);
      expect(ready.body.error.message).toContain('reconciler not configured');
    });

    it('creates, gets, lists, deletes, retries and lists events', async () => {
      await start();
      const created = await create(
        { name: 'shop-one', owner: 'group:team-a', displayName: 'Shop One' },
        ALICE,
        { 'Idempotency-Key': 'task-1' },
      );
      expect(created.status).toBe(202);
      const store: Store = created.body;
      expect(store).toMatchObject({
        name: 'shop-one',
        displayName: 'Shop One',
        owner: 'group:default/team-a',
        createdBy: ALICE,
        engine: 'woocommerce',
        plan: 'small',
        phase: 'pending',
        namespace: 'store-shop-one',
      });

      // Same key: the first store again, nothing new written.
      const replay = await create(
        { name: 'shop-one', owner: 'group:team-a', displayName: 'Shop One' },
        ALICE,
        { 'Idempotency-Key': 'task-1' },
      );
      expect(replay.status).toBe(202);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.id).toBe(store.id);
      expect(await countRows()).toEqual({ stores: 1, events: 1 });

      await request(server)
        .get(`/api/stores/stores/${store.id}`)
        .set(auth(ALICE))
        .expect(200, store);

      const list = await request(server)
        .get('/api/stores/stores')
        .set(auth(ALICE))
        .expect(200);
      expect(list.body).toEqual({ items: [store], totalCount: 1 });

      // Retry only from failed.
      const early = await request(server)
        .post(`/api/stores/stores/${store.id}/retry`)
        .set(auth(ALICE));
      expect(early.status).toBe(409);
      expect(early.body.error.message).toContain('Only a failed store');
      await markFailed(store.id);
      const retried = await request(server)
        .post(`/api/stores/stores/${store.id}/retry`)
        .set(auth(ALICE))
        .expect(202);
      expect(retried.body).toMatchObject({
        phase: 'provisioning',
        generation: 2,
      });

      const deleted = await request(server)
        .delete(`/api/stores/stores/${store.id}`)
        .set(auth(BOB))
        .expect(202);
      expect(deleted.body).toMatchObject({ phase: 'deleting', generation: 3 });

      const events = await request(server)
        .get(`/api/stores/stores/${store.id}/events?limit=2`)
        .set(auth(ALICE))
        .expect(200);
      expect(events.body.items.map((e: any) => e.reason)).toEqual([
        'Created',
        'RetryRequested',
      ]);
      const moreEvents = await request(server)
        .get(`/api/stores/stores/${store.id}/events`)
        .query({ limit: 2, cursor: events.body.nextCursor })
        .set(auth(ALICE))
        .expect(200);
      expect(moreEvents.body.items).toEqual([
        expect.objectContaining({
          reason: 'DeletionRequested',
          message: `Deletion requested by ${BOB}`,
        }),
      ]);
      expect(moreEvents.body.nextCursor).toBeUndefined();

      // Every write was announced and audited.
      expect(captured.signals.map(s => s.message.phase)).toEqual([
        'pending',
        'provisioning',
        'deleting',
      ]);
      expect(captured.signals[0]).toEqual({
        recipients: { type: 'broadcast' },
        channel: STORE_SIGNAL_CHANNEL,
        message: {
          storeId: store.id,
          name: 'shop-one',
          owner: 'group:default/team-a',
          phase: 'pending',
          conditions: [],
        },
      });
      expect(captured.events.map(e => e.topic)).toEqual([
        STORE_EVENTS_TOPIC,
        STORE_EVENTS_TOPIC,
        STORE_EVENTS_TOPIC,
      ]);
      expect(
        (await captured.audits()).map(a => [
          a.eventId,
          a.outcome,
          a.meta?.storeId,
        ]),
      ).toEqual([
        ['store-create', 'success', store.id],
        ['store-create', 'success', store.id],
        ['store-retry', 'success', store.id],
        ['store-delete', 'success', store.id],
      ]);

      await request(server)
        .get('/api/stores/stores/00000000-0000-0000-0000-000000000000')
        .set(auth(ALICE))
        .expect(404);
    });

    it('pages through more than one page with combined filters', async () => {
      await start();
      const ids: Record<string, string> = {};
      for (let i = 0; i < 9; i++) {
        const owner = i % 2 ? 'group:default/team-a' : 'group:default/team-b';
        const res = await create({
          name: `list-${i}`,
          owner,
          displayName: i < 6 ? `Demo ${i}` : `Other ${i}`,
        }).expect(202);
        ids[`list-${i}`] = res.body.id;
      }
      for (const name of ['list-1', 'list-3', 'list-4', 'list-8']) {
        await markFailed(ids[name]);
      }

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await request(server)
          .get('/api/stores/stores')
          .query({ limit: 4, ...(cursor ? { cursor } : {}) })
          .set(auth(ALICE))
          .expect(200);
        expect(res.body.totalCount).toBe(9);
        seen.push(...res.body.items.map((s: Store) => s.name));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen.sort()).toEqual(Object.keys(ids).sort());

      // owner team-a (odd) AND failed (1, 3) AND text "demo" (0-5): 1 and 3.
      const filtered = await request(server)
        .get('/api/stores/stores')
        .query({
          owner: 'group:default/team-a',
          phase: 'failed',
          q: 'DEMO',
          limit: 1,
        })
        .set(auth(ALICE))
        .expect(200);
      expect(filtered.body.totalCount).toBe(2);
      const next = await request(server)
        .get('/api/stores/stores')
        .query({
          owner: 'group:default/team-a',
          phase: 'failed',
          q: 'DEMO',
          limit: 1,
          cursor: filtered.body.nextCursor,
        })
        .set(auth(ALICE))
        .expect(200);
      expect(next.body.nextCursor).toBeUndefined();
      expect(
        [...filtered.body.items, ...next.body.items]
          .map((s: Store) => s.name)
          .sort(),
      ).toEqual(['list-1', 'list-3']);

      // Two phases and two owners at once.
      const multi = await request(server)
        .get(
          '/api/stores/stores?phase=failed&phase=deleting&owner=group:default/team-b&owner=user:default/nobody',
        )
        .set(auth(ALICE))
        .expect(200);
      expect(multi.body.items.map((s: Store) => s.name).sort()).toEqual([
        'list-4',
        'list-8',
      ]);

      for (const query of [
        'limit=0',
        'limit=abc',
        'phase=sleeping',
        'sort=name',
        'cursor=bm90LWEtY3Vyc29y',
      ]) {
        const res = await request(server)
          .get(`/api/stores/stores?${query}`)
          .set(auth(ALICE));
        expect([query, res.status]).toEqual([query, 400]);
        expect(res.body.error.name).toBe('InputError');
      }
    });

    describe('rejects bad input with a clear 4xx and writes nothing', () => {
      const cases: Array<[string, () => request.Test, number, string]> = [
        [
          'uppercase name',
          () => create({ name: 'MyShop', owner: 'group:default/a' }),
          400,
          'lowercase letters',
        ],
        [
          'unicode name',
          () => create({ name: 'shöp', owner: 'group:default/a' }),
          400,
          'lowercase letters',
        ],
        [
          '64-character name',
          () => create({ name: 'a'.repeat(64), owner: 'group:default/a' }),
          400,
          'at most 57 characters',
        ],
        [
          'leading digit',
          () => create({ name: '1shop', owner: 'group:default/a' }),
          400,
          'must start with a lowercase letter',
        ],
        [
          'leading dash',
          () => create({ name: '-shop', owner: 'group:default/a' }),
          400,
          'must start with a lowercase letter',
        ],
        [
          'reserved name',
          () => create({ name: 'admin', owner: 'group:default/a' }),
          400,
          'reserved',
        ],
        [
          'unknown engine',
          () =>
            create({
              name: 'shop',
              owner: 'group:default/a',
              engine: 'medusa',
            }),
          400,
          'Unknown engine "medusa"; available engines: woocommerce',
        ],
        [
          'unknown plan',
          () =>
            create({ name: 'shop', owner: 'group:default/a', plan: 'huge' }),
          400,
          'Unknown plan "huge"; available plans: small, medium',
        ],
        [
          'unknown field',
          () =>
            create({ name: 'shop', owner: 'group:default/a', color: 'red' }),
          400,
          'color',
        ],
        [
          'bad owner',
          () => create({ name: 'shop', owner: 'team-a' }),
          400,
          'owner must be a user or group entity ref',
        ],
        [
          'oversized body',
          () =>
            create({
              name: 'shop',
              owner: 'group:default/a',
              description: 'x'.repeat(70 * 1024),
            }),
          413,
          'larger than the 64kb',
        ],
        [
          'malformed JSON',
          () =>
            request(server)
              .post('/api/stores/stores')
              .set(auth(ALICE))
              .set('Content-Type', 'application/json')
              .send('{"name": "shop", "owner": '),
          400,
          'not valid JSON',
        ],
        [
          'JSON that is not an object',
          () =>
            request(server)
              .post('/api/stores/stores')
              .set(auth(ALICE))
              .set('Content-Type', 'application/json')
              .send('["shop"]'),
          400,
          'must be a JSON object',
        ],
        [
          'bad Idempotency-Key',
          () =>
            create({ name: 'shop', owner: 'group:default/a' }, ALICE, {
              'Idempotency-Key': 'has spaces',
            }),
          400,
          'Idempotency-Key',
        ],
        [
          'unknown query parameter',
          () =>
            request(server)
              .post('/api/stores/stores?force=true')
              .set(auth(ALICE))
              .send({ name: 'shop', owner: 'group:default/a' }),
          400,
          'force',
        ],
        [
          'missing token',
          () =>
            request(server)
              .post('/api/stores/stores')
              .send({ name: 'shop', owner: 'group:default/a' }),
          401,
          '',
        ],
        [
          'bad token',
          () =>
            request(server)
              .post('/api/stores/stores')
              .set('Authorization', mockCredentials.user.invalidHeader())
              .send({ name: 'shop', owner: 'group:default/a' }),
          401,
          '',
        ],
      ];

      it.each(cases)('%s', async (_label, send, status, message) => {
        await start();
        const res = await send();
        expect(res.status).toBe(status);
        expect(res.body.error.message).toContain(message);
        expect(await countRows()).toEqual({ stores: 0, events: 0 });
        expect(captured.signals).toEqual([]);
      });

      it('a duplicate name', async () => {
        await start();
        await create({ name: 'taken', owner: 'group:default/a' }).expect(202);
        const res = await create({ name: 'taken', owner: 'group:default/b' });
        expect(res.status).toBe(409);
        expect(res.body.error.message).toContain(
          'A store named "taken" already exists',
        );
        expect(await countRows()).toEqual({ stores: 1, events: 1 });
        expect((await captured.audits()).map(a => a.outcome)).toEqual([
          'success',
          'fail',
        ]);
      });

      it('the per-owner and per-minute limits', async () => {
        await start({
          limits: { perOwner: 2, total: 10, createsPerUserPerMinute: 3 },
        });
        await create({ name: 'lim-a', owner: 'group:default/a' }).expect(202);
        await create({ name: 'lim-b', owner: 'group:default/a' }).expect(202);
        const owner = await create({ name: 'lim-c', owner: 'group:default/a' });
        expect(owner.status).toBe(403);
        expect(owner.body.error.message).toContain(
          'group:default/a already owns 2 stores, the limit per owner is 2',
        );
        await create({ name: 'lim-c', owner: 'group:default/b' }).expect(202);
        const rate = await create({ name: 'lim-d', owner: 'group:default/c' });
        expect(rate.status).toBe(429);
        expect(rate.body.error.message).toContain('wait a minute');
        expect(await countRows()).toEqual({ stores: 3, events: 3 });
      });

      it('a user without the create permission gets 403', async () => {
        await start();
        policy = permission =>
          permission.name === storeCreatePermission.name
            ? { result: AuthorizeResult.DENY }
            : { result: AuthorizeResult.ALLOW };
        const res = await create({ name: 'nope', owner: 'group:default/a' });
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain('not allowed to create');
        expect(await countRows()).toEqual({ stores: 0, events: 0 });
      });
    });

    it('dry run validates and renders with the Secret redacted, writing nothing', async () => {
      await start({ baseDomain: 'shops.example.com', scheme: 'https' });
      const res = await create({
        name: 'dry-shop',
        owner: 'group:default/a',
      }).query({ dryRun: 'true' });
      expect(res.status).toBe(200);
      expect(res.body.store).toEqual({
        name: 'dry-shop',
        displayName: 'dry-shop',
        owner: 'group:default/a',
        engine: 'woocommerce',
        plan: 'small',
        namespace: 'store-dry-shop',
        urls: {
          storefront: 'https://dry-shop.shops.example.com/',
          admin: 'https://dry-shop.shops.example.com/wp-admin/',
        },
      });
      expect(res.body.objects.map((o: any) => o.kind)).toEqual([
        'Namespace',
        'ResourceQuota',
        'Secret',
        'Deployment',
      ]);
      const secret = res.body.objects.find((o: any) => o.kind === 'Secret');
      expect(Object.keys(secret.stringData).sort()).toEqual(
        [...SECRET_KEYS].sort(),
      );
      expect(
        new Set([
          ...Object.values(secret.stringData),
          ...Object.values(secret.data),
        ]),
      ).toEqual(new Set(['<redacted>']));
      expect(res.text).not.toContain(PLANTED_SECRET);
      expect(
        res.text.includes(Buffer.from(PLANTED_SECRET).toString('base64')),
      ).toBe(false);
      expect(await countRows()).toEqual({ stores: 0, events: 0 });
      expect(await captured.audits()).toEqual([]);
      expect(captured.signals).toEqual([]);

      // A dry run still reports what the real create would refuse.
      await create({ name: 'dry-shop', owner: 'group:default/a' }).expect(202);
      const dup = await create({
        name: 'dry-shop',
        owner: 'group:default/a',
      }).query({ dryRun: 'true' });
      expect(dup.status).toBe(409);
    });

    it('with an owner-scoped policy a user sees and changes only their own stores', async () => {
      await start();
      const mine = await create({ name: 'alice-shop', owner: ALICE }, ALICE);
      const theirs = await create({ name: 'bob-shop', owner: BOB }, BOB);
      expect([mine.status, theirs.status]).toEqual([202, 202]);
      await markFailed(theirs.body.id);

      const ownOnly: TestPolicy = (permission, credentials) => {
        if (permission.name === storeCreatePermission.name) {
          return { result: AuthorizeResult.ALLOW };
        }
        const user = (credentials.principal as BackstageUserPrincipal)
          .userEntityRef;
        return createStoreConditionalDecision(
          permission as typeof storeReadPermission,
          storeConditions.isStoreOwner({ owners: [user] }),
        );
      };
      policy = ownOnly;

      const list = await request(server)
        .get('/api/stores/stores')
        .set(auth(ALICE))
        .expect(200);
      expect(list.body.totalCount).toBe(1);
      expect(list.body.items.map((s: Store) => s.name)).toEqual(['alice-shop']);
      // Even when asking for Bob's stores explicitly.
      const asked = await request(server)
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
        const res = await (request(server) as any)
          [method](path)
          .set(auth(ALICE));
        expect([method, path, res.status]).toEqual([method, path, 404]);
        expect(res.body.error.message).toBe(`No store with id ${id}`);
      }
      const bobsStore = await request(server)
        .get(`/api/stores/stores/${id}`)
        .set(auth(BOB))
        .expect(200);
      expect(bobsStore.body.phase).toBe('failed');
      expect((await captured.audits()).map(a => a.eventId)).toEqual([
        'store-create',
        'store-create',
      ]);

      // Read everything, but delete and retry only your own: 403.
      policy = (permission, credentials) =>
        permission.name === storeDeletePermission.name ||
        permission.name === storeUpdatePermission.name
          ? ownOnly(permission, credentials)
          : { result: AuthorizeResult.ALLOW };
      await request(server)
        .get(`/api/stores/stores/${id}`)
        .set(auth(ALICE))
        .expect(200);
      const del = await request(server)
        .delete(`/api/stores/stores/${id}`)
        .set(auth(ALICE));
      expect(del.status).toBe(403);
      expect(del.body.error.message).toContain('not allowed to delete');
      const retry = await request(server)
        .post(`/api/stores/stores/${id}/retry`)
        .set(auth(ALICE));
      expect(retry.status).toBe(403);
      const row = await knex('stores').where({ id }).first();
      expect(row.phase).toBe('failed');

      // A condition the plugin does not know is a clear denial of the list.
      policy = () => ({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'stores',
        resourceType: 'store',
        conditions: { rule: 'HAS_LABEL', resourceType: 'store', params: {} },
      });
      const odd = await request(server)
        .get('/api/stores/stores')
        .set(auth(ALICE));
      expect(odd.status).toBe(403);
      expect(odd.body.error.message).toContain('IS_STORE_OWNER');
    });

    it('never lets a secret out through responses, events, logs or signals', async () => {
      await start();
      const bodies: string[] = [];
      const keep = (res: request.Response) => {
        bodies.push(res.text);
        return res;
      };
      const created = keep(
        await create({ name: 'secret-shop', owner: 'group:default/a' }),
      );
      const id = created.body.id;
      keep(await create({ name: 'secret-shop', owner: 'group:default/a' }));
      keep(
        await create({ name: 'secret-two', owner: 'group:default/a' }).query({
          dryRun: 'true',
        }),
      );
      await markFailed(id);
      keep(
        await request(server)
          .post(`/api/stores/stores/${id}/retry`)
          .set(auth(ALICE)),
      );
      keep(await request(server).get('/api/stores/stores').set(auth(ALICE)));
      keep(
        await request(server).get(`/api/stores/stores/${id}`).set(auth(ALICE)),
      );
      keep(
        await request(server)
          .delete(`/api/stores/stores/${id}`)
          .set(auth(ALICE)),
      );
      keep(
        await request(server)
          .get(`/api/stores/stores/${id}/events`)
          .set(auth(ALICE)),
      );
      const eventRows = JSON.stringify(await knex('store_events').select());
      const storeRows = JSON.stringify(await knex('stores').select());

      // The dry run is the only place the Secret's key names may appear
      // (redacted); its values appear nowhere.
      const [dryRun] = bodies.splice(2, 1);
      expect(dryRun).toContain('WORDPRESS_DB_PASSWORD');
      const everywhere = [
        dryRun,
        ...bodies,
        eventRows,
        storeRows,
        await captured.dump(),
      ].join('\n');
      expect(everywhere).not.toContain(PLANTED_SECRET);
      expect(everywhere).not.toContain(
        Buffer.from(PLANTED_SECRET).toString('base64'),
      );
      const outsideDryRun = [
        ...bodies,
        eventRows,
        storeRows,
        await captured.dump(),
      ].join('\n');
      for (const key of SECRET_KEYS) {
        expect([key, outsideDryRun.includes(key)]).toEqual([key, false]);
      }
      expect(outsideDryRun).not.toMatch(/password|secret"\s*:|token"\s*:/i);
      // The capture did record the work, so the search had something to read.
      expect(captured.logLines().length).toBeGreaterThan(0);
      expect(captured.signals.length).toBe(3);
    });
  },
);

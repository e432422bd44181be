import { startTestBackend } from '@backstage/backend-test-utils';
import { type Store, type StoreBackup } from '@internal/plugin-stores-common';
import { describeWithCluster } from '@internal/plugin-stores-test-utils';
import request from 'supertest';
import { KubernetesClient } from '../kubernetes/KubernetesClient';
import { uniqueStoreNames } from '../reconciler/__testUtils__/names';
import { ALICE, auth, BOB } from '../__testUtils__/routerTestBackend';
import {
  ownersPolicy,
  startClusterRouterBackend,
  waitForStore,
} from '../__testUtils__/clusterRouterBackend';
import { describeOnEachDatabase } from '../__testUtils__/testDatabases';
import { Captured } from '../__testUtils__/testServices';

/*
 * The backup routes and the restore through POST /stores, through the real
 * stores backend (WooCommerce engine, reconciler on, backups to s3) against
 * the local control plane as the chart's ServiceAccount, on SQLite and
 * PostgreSQL, with the real auditor. The objects' isolation is checked by
 * backups/backups.cluster.test.ts.
 */

jest.setTimeout(300_000);

/** Budget for provisioning and a backup Job on a loaded machine. */
const WAIT_MS = 240_000;
const { storeName } = uniqueStoreNames();

describeWithCluster('stores backup routes', () => {
  describeOnEachDatabase('on %p', (databases, databaseId) => {
    const captured = new Captured();
    let policy = ownersPolicy({ readAll: false });
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    let admin: KubernetesClient;
    let source: Store;
    let backup: StoreBackup;
    const namespaces: string[] = [];
    const suffix = databaseId === 'SQLITE_3' ? 'sq' : 'pg';

    beforeAll(async () => {
      ({ backend, admin } = await startClusterRouterBackend({
        knex: await databases.init(databaseId),
        captured,
        policy: () => policy,
        stores: {
          backups: {
            enabled: true,
            target: {
              type: 's3',
              endpoint: 'https://s3.backups.test',
              bucket: 'store-backups',
              credentialsSecret: 'backup-s3-credentials',
            },
          },
        },
      }));
      const created = await create({
        name: storeName(`src-${suffix}`),
        owner: ALICE,
      });
      if (created.status !== 202) {
        throw new Error(`create: ${created.status} ${created.text}`);
      }
      source = await waitForReady(created.body.id);
    });

    afterAll(async () => {
      await backend?.stop();
      for (const name of namespaces) {
        await admin?.delete({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name },
        });
      }
    });

    beforeEach(() => {
      policy = ownersPolicy({ readAll: false });
    });

    async function create(body: object, user = ALICE) {
      const res = await request(backend.server)
        .post('/api/stores/stores')
        .set(auth(user))
        .send(body);
      if (res.status === 202) {
        namespaces.push(res.body.namespace);
      }
      return res;
    }

    /** Polls the store as its owner until it is ready (fails on failed). */
    function waitForReady(id: string): Promise<Store> {
      return waitForStore(
        backend.server,
        ALICE,
        id,
        s => s.phase === 'ready',
        WAIT_MS,
      );
    }

    const listBackups = (user: string, id = source.id) =>
      request(backend.server)
        .get(`/api/stores/stores/${id}/backups`)
        .set(auth(user));
    const startBackup = (user: string, id = source.id) =>
      request(backend.server)
        .post(`/api/stores/stores/${id}/backups`)
        .set(auth(user));

    it("starts a backup for the store's owner (202, audited) and lists it until it succeeded", async () => {
      const res = await startBackup(ALICE);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ trigger: 'manual', state: 'running' });
      expect(
        captured
          .logLines()
          .map(line => line.meta as any)
          .filter(
            meta => meta?.isAuditEvent && meta.eventId === 'store-backup',
          ),
      ).toContainEqual(
        expect.objectContaining({
          status: 'succeeded',
          meta: expect.objectContaining({
            storeId: source.id,
            backup: res.body.name,
          }),
        }),
      );
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const list = await listBackups(ALICE);
        expect(list.status).toBe(200);
        expect(list.body).toMatchObject({
          schedule: '0 3 * * *',
          retention: 7,
          target: 's3',
        });
        const found = list.body.items.find(
          (b: StoreBackup) => b.name === res.body.name,
        );
        if (found?.state === 'succeeded') {
          backup = found;
          break;
        }
        if (found?.state === 'failed' || Date.now() > deadline) {
          throw new Error(`backup not succeeded: ${JSON.stringify(found)}`);
        }
        await new Promise(resolve => setTimeout(resolve, 500));
      }
      expect(backup.trigger).toBe('manual');
    });

    it('answers 404 to a caller who cannot read the store, and 403 naming the owner to one who may only read it', async () => {
      expect((await listBackups(BOB)).status).toBe(404);
      expect((await startBackup(BOB)).status).toBe(404);
      policy = ownersPolicy({ readAll: true });
      expect((await listBackups(BOB)).status).toBe(200);
      const refused = await startBackup(BOB);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain(ALICE);
    });

    it("restores the backup into a new store (by the source's name), which records where it came from and gets ready", async () => {
      const res = await create({
        name: storeName(`rst-${suffix}`),
        owner: ALICE,
        fromBackup: { store: source.name, backup: backup.name },
      });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({
        engine: 'woocommerce',
        restoredFrom: { store: source.id, backup: backup.name },
      });
      const ready = await waitForReady(res.body.id);
      expect(ready.restoredFrom).toEqual({
        store: source.id,
        backup: backup.name,
      });
      // A suspended store's database is not running: no backup of it.
      const suspended = await request(backend.server)
        .post(`/api/stores/stores/${ready.id}/suspend`)
        .set(auth(ALICE));
      expect(suspended.status).toBe(202);
      const refused = await startBackup(ALICE, ready.id);
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain('is suspended');
    });

    it('refuses a restore with a clear message before writing anything', async () => {
      const before = (
        await request(backend.server)
          .get('/api/stores/stores?limit=500')
          .set(auth(ALICE))
      ).body.totalCount;
      const attempt = (fromBackup: object, extra: object = {}, user = ALICE) =>
        create(
          {
            name: storeName(`bad-${suffix}`),
            owner: user,
            fromBackup,
            ...extra,
          },
          user,
        );
      const cases: Array<[string, Promise<request.Response>, number, string]> =
        [
          [
            'unknown store',
            attempt({ store: 'no-such-store', backup: backup.name }),
            400,
            'fromBackup.store: no store "no-such-store"',
          ],
          [
            'unknown backup',
            attempt({ store: source.id, backup: 'store-backup-1' }),
            400,
            `has no backup "store-backup-1"`,
          ],
          [
            'another engine',
            attempt(
              { store: source.id, backup: backup.name },
              { engine: 'medusa' },
            ),
            400,
            'cannot be restored into a medusa store',
          ],
          [
            'an unknown field',
            attempt({ store: source.id, backup: backup.name, at: 'now' }),
            400,
            'at',
          ],
          [
            'a malformed backup name',
            attempt({ store: source.id, backup: 'Not A Name' }),
            400,
            'backup',
          ],
        ];
      for (const [what, response, status, message] of cases) {
        const res = await response;
        expect([what, res.status]).toEqual([what, status]);
        expect([what, res.body.error.message]).toEqual([
          what,
          expect.stringContaining(message),
        ]);
      }
      // Someone who cannot read the source is told there is no such store.
      const hidden = await attempt(
        { store: source.name, backup: backup.name },
        {},
        BOB,
      );
      expect(hidden.status).toBe(400);
      expect(hidden.body.error.message).toContain('that you can read');
      // Someone who may read it but not back it up is refused.
      policy = ownersPolicy({ readAll: true });
      const refused = await attempt(
        { store: source.name, backup: backup.name },
        {},
        BOB,
      );
      expect(refused.status).toBe(403);
      policy = ownersPolicy({ readAll: false });
      const after = (
        await request(backend.server)
          .get('/api/stores/stores?limit=500')
          .set(auth(ALICE))
      ).body.totalCount;
      expect(after).toBe(before);
    });
  });
});

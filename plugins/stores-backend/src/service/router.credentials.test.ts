import { startTestBackend } from '@backstage/backend-test-utils';
import { type Store } from '@internal/plugin-stores-common';
import { describeWithCluster } from '@internal/plugin-stores-test-utils';
import request from 'supertest';
import { KubernetesClient } from '../kubernetes/KubernetesClient';
import { uniqueStoreNames } from '../reconciler/__testUtils__/names';
import {
  ALICE,
  auth,
  BOB,
  describeRouterOnEachDatabase,
} from '../__testUtils__/routerTestBackend';
import {
  ownersPolicy,
  startClusterRouterBackend,
  waitForStore,
} from '../__testUtils__/clusterRouterBackend';
import { describeOnEachDatabase } from '../__testUtils__/testDatabases';
import { Captured } from '../__testUtils__/testServices';

/*
 * The credentials routes through the real stores backend (WooCommerce
 * engine, reconciler on) against the local control plane as the chart's
 * ServiceAccount, on SQLite and PostgreSQL, with the real auditor writing
 * to the captured logger. The rotation's failure path is in
 * credentials/ClusterStoreCredentials.cluster.test.ts.
 */

jest.setTimeout(300_000);

const { storeName } = uniqueStoreNames();

describeWithCluster('stores credentials routes', () => {
  describeOnEachDatabase('on %p', (databases, databaseId) => {
    const captured = new Captured();
    let policy = ownersPolicy({ readAll: false });
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    let admin: KubernetesClient;
    let store: Store;

    beforeAll(async () => {
      ({ backend, admin } = await startClusterRouterBackend({
        knex: await databases.init(databaseId),
        captured,
        policy: () => policy,
      }));
      const created = await request(backend.server)
        .post('/api/stores/stores')
        .set(auth(ALICE))
        .send({
          name: storeName(databaseId === 'SQLITE_3' ? 'sqlite' : 'pg'),
          owner: ALICE,
        });
      if (created.status !== 202) {
        throw new Error(`create: ${created.status} ${created.text}`);
      }
      store = await waitForStore(
        backend.server,
        ALICE,
        created.body.id,
        s => s.phase === 'ready',
        240_000,
      );
    });

    afterAll(async () => {
      await backend?.stop();
      if (store) {
        await admin.delete({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: store.namespace },
        });
      }
    });

    async function storedPassword(): Promise<string> {
      const secret = await admin.read({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'store-credentials', namespace: store.namespace },
      });
      const data = secret!.data as Record<string, string>;
      return Buffer.from(data['wordpress-admin-password'], 'base64').toString();
    }

    /** The real auditor's lines of one event id, as the captured logger got them. */
    function auditLines(eventId: string) {
      return captured
        .logLines()
        .filter(
          line =>
            (line.meta as any)?.isAuditEvent &&
            (line.meta as any)?.eventId === eventId,
        )
        .map(line => line.meta as any);
    }

    /** Polls the store's events until `count` of them have `reason`. */
    async function waitForEvents(reason: string, count: number) {
      const deadline = Date.now() + 240_000;
      for (;;) {
        const events = await request(backend.server)
          .get(`/api/stores/stores/${store.id}/events?limit=100`)
          .set(auth(ALICE));
        const reasons: string[] = events.body.items.map(
          (e: { reason: string }) => e.reason,
        );
        if (reasons.filter(r => r === reason).length >= count) return;
        if (Date.now() > deadline) {
          throw new Error(`no ${count} ${reason} in ${reasons.join(', ')}`);
        }
        await new Promise(resolve => setTimeout(resolve, 250));
      }
    }

    const credentialsOf = (user: string, id = store.id) =>
      request(backend.server)
        .get(`/api/stores/stores/${id}/credentials`)
        .set(auth(user));

    it('answers the owner with the admin user and password, no-store, audited with who and which store', async () => {
      policy = ownersPolicy({ readAll: false });
      const res = await credentialsOf(ALICE);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        username: 'admin',
        password: await storedPassword(),
      });
      const audit = auditLines('store-credentials-read');
      expect(audit).toContainEqual(
        expect.objectContaining({
          status: 'succeeded',
          actor: expect.objectContaining({ actorId: ALICE }),
          meta: { storeId: store.id, name: store.name },
        }),
      );
    });

    it('answers 404 to a user who may not read the store, and 403 to one who may read it but not its credentials, without auditing a read', async () => {
      policy = ownersPolicy({ readAll: false });
      const before = auditLines('store-credentials-read').length;
      const hidden = await credentialsOf(BOB);
      expect(hidden.status).toBe(404);
      expect(hidden.body.error.message).toBe(`No store with id ${store.id}`);
      const missing = await credentialsOf(
        ALICE,
        '00000000-0000-4000-8000-000000000000',
      );
      expect(missing.status).toBe(404);

      policy = ownersPolicy({ readAll: true });
      const readOnly = await credentialsOf(BOB);
      expect(readOnly.status).toBe(403);
      expect(readOnly.body.error.message).toBe(
        `You are not allowed to see the admin credentials of store "${store.name}"; ask its owner (${ALICE}) or the platform team`,
      );
      const rotate = await request(backend.server)
        .post(`/api/stores/stores/${store.id}/credentials/rotate`)
        .set(auth(BOB));
      expect(rotate.status).toBe(403);
      expect(JSON.stringify([hidden.body, readOnly.body])).not.toContain(
        await storedPassword(),
      );
      expect(auditLines('store-credentials-read')).toHaveLength(before);
      const unauthenticated = await request(backend.server).get(
        `/api/stores/stores/${store.id}/credentials`,
      );
      expect(unauthenticated.status).toBe(401);
    });

    it('rotates for the owner (202, audited): the next read answers the new password, and no password is ever logged', async () => {
      policy = ownersPolicy({ readAll: false });
      const before = (await credentialsOf(ALICE)).body.password;
      const rotated = await request(backend.server)
        .post(`/api/stores/stores/${store.id}/credentials/rotate`)
        .set(auth(ALICE));
      expect(rotated.status).toBe(202);
      expect(rotated.body).toEqual({
        status: 'started',
        job: 'wp-admin-password',
      });
      expect(auditLines('store-credentials-rotate')).toContainEqual(
        expect.objectContaining({
          status: 'succeeded',
          actor: expect.objectContaining({ actorId: ALICE }),
          meta: expect.objectContaining({ storeId: store.id }),
        }),
      );

      // The store's events say when the Secret holds the new one.
      await waitForEvents('CredentialsRotated', 1);
      const after = await credentialsOf(ALICE);
      expect(after.status).toBe(200);
      expect(after.body.password).not.toBe(before);
      expect(after.body.password).toBe(await storedPassword());

      // Nothing the backend logged, audited, signalled or published holds
      // either password (the audit lines included).
      const dump = await captured.dump();
      expect(dump).toContain('store-credentials-read');
      expect(dump).not.toContain(before);
      expect(dump).not.toContain(after.body.password);
    });

    it('refuses to rotate while a rotation runs or a store is not ready (409)', async () => {
      policy = ownersPolicy({ readAll: false });
      const first = await request(backend.server)
        .post(`/api/stores/stores/${store.id}/credentials/rotate`)
        .set(auth(ALICE));
      expect(first.status).toBe(202);
      const second = await request(backend.server)
        .post(`/api/stores/stores/${store.id}/credentials/rotate`)
        .set(auth(ALICE));
      expect(second.status).toBe(409);
      expect(second.body.error.message).toContain('being rotated already');
      await waitForEvents('CredentialsRotated', 2);

      const deleting = await request(backend.server)
        .delete(`/api/stores/stores/${store.id}`)
        .set(auth(ALICE));
      expect(deleting.status).toBe(202);
      const late = await request(backend.server)
        .post(`/api/stores/stores/${store.id}/credentials/rotate`)
        .set(auth(ALICE));
      expect(late.status).toBe(409);
      expect(late.body.error.message).toBe(
        `Only a ready store's admin password can be rotated; store "${store.name}" is deleting`,
      );
    });
  });
});

describeRouterOnEachDatabase(
  'stores credentials routes without a reconciler on %p',
  t => {
    it('answers 503 (the credentials live in the cluster) after the same permission checks', async () => {
      await t.start();
      const created = await t.create({ name: 'alice-shop', owner: ALICE });
      t.policy = ownersPolicy({ readAll: false });
      const id = created.body.id;
      const read = await request(t.server)
        .get(`/api/stores/stores/${id}/credentials`)
        .set(auth(ALICE));
      expect(read.status).toBe(503);
      expect(read.body.error.message).toBe(
        'Store credentials live in the cluster, and no reconciler runs in this backend (stores.reconciler.enabled: false)',
      );
      const rotate = await request(t.server)
        .post(`/api/stores/stores/${id}/credentials/rotate`)
        .set(auth(ALICE));
      expect(rotate.status).toBe(503);
      const hidden = await request(t.server)
        .get(`/api/stores/stores/${id}/credentials`)
        .set(auth(BOB));
      expect(hidden.status).toBe(404);
      // The failed read is audited as one.
      expect(await t.captured.audits()).toContainEqual({
        eventId: 'store-credentials-read',
        meta: { storeId: id, name: 'alice-shop' },
        outcome: 'fail',
        error: read.body.error.message,
      });
    });
  },
);

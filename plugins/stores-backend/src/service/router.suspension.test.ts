import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  storeUpdatePermission,
  type StorePhase,
} from '@internal/plugin-stores-common';
import request from 'supertest';
import {
  ALICE,
  auth,
  BOB,
  describeRouterOnEachDatabase,
} from '../__testUtils__/routerTestBackend';
import { ownedByCaller } from '../__testUtils__/testServices';

/* Suspend and resume: which phases allow them, 409s, 404s and 403s. */

jest.setTimeout(120_000);

describeRouterOnEachDatabase('stores router suspend and resume on %p', t => {
  const suspend = (id: string, user = ALICE) =>
    request(t.server).post(`/api/stores/stores/${id}/suspend`).set(auth(user));
  const resume = (id: string, user = ALICE) =>
    request(t.server).post(`/api/stores/stores/${id}/resume`).set(auth(user));

  it('suspends a ready store, answers a suspended one as it is, resumes it to provisioning, each audited with an event', async () => {
    await t.start();
    const { id } = (await t.create({ name: 'pausable', owner: ALICE })).body;
    await t.setPhase(id, 'ready');

    const suspended = await suspend(id).expect(202);
    expect(suspended.body).toMatchObject({
      phase: 'suspended',
      generation: 2,
    });
    // Again: the same store, nothing new written or audited.
    const again = await suspend(id).expect(202);
    expect(again.body).toEqual(suspended.body);

    const notResumable = await request(t.server)
      .get(`/api/stores/stores/${id}`)
      .set(auth(ALICE))
      .expect(200);
    expect(notResumable.body.phase).toBe('suspended');

    const resumed = await resume(id).expect(202);
    expect(resumed.body).toMatchObject({
      phase: 'provisioning',
      generation: 3,
    });
    const twice = await resume(id);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe(
      'Only a suspended store can be resumed; store "pausable" is provisioning',
    );

    const events = await request(t.server)
      .get(`/api/stores/stores/${id}/events`)
      .set(auth(ALICE))
      .expect(200);
    expect(events.body.items.map((e: any) => [e.reason, e.message])).toEqual([
      ['Created', `Store requested by ${ALICE}`],
      [
        'SuspendRequested',
        `Suspend requested by ${ALICE}: workloads scale to zero, data is kept`,
      ],
      ['ResumeRequested', `Resume requested by ${ALICE}`],
    ]);
    expect(
      (await t.captured.audits()).map(a => [a.eventId, a.outcome]),
    ).toEqual([
      ['store-create', 'success'],
      ['store-suspend', 'success'],
      ['store-suspend', 'success'],
      ['store-resume', 'success'],
    ]);
    // Announced: the suspended store once (not for the repeat), then resumed.
    expect(t.captured.signals.map(s => s.message.phase)).toEqual([
      'pending',
      'suspended',
      'provisioning',
    ]);
  });

  it('suspends a degraded store too, and keeps its row suspended whatever a reconcile pass that started before writes', async () => {
    await t.start();
    const { id } = (await t.create({ name: 'wobbly', owner: ALICE })).body;
    await t.setPhase(id, 'degraded');
    await suspend(id).expect(202);
    // A pass that read the store before the request may still write a phase.
    await t.writeStatusAsReconciler(id, { phase: 'ready' });
    const row = await t.knex('stores').where({ id }).first();
    expect(row.phase).toBe('suspended');
  });

  it.each<[StorePhase, string]>([
    [
      'pending',
      'Store "early" cannot be suspended: it is still being provisioned; suspend it once it is ready',
    ],
    [
      'provisioning',
      'Store "early" cannot be suspended: it is still being provisioned; suspend it once it is ready',
    ],
    [
      'failed',
      'Store "early" cannot be suspended: it failed; retry it or delete it',
    ],
    ['deleting', 'Store "early" cannot be suspended: it is being deleted'],
  ])(
    'refuses to suspend a %s store with 409 and changes nothing',
    async (phase, message) => {
      await t.start();
      const { id } = (await t.create({ name: 'early', owner: ALICE })).body;
      await t.setPhase(id, phase);
      const before = await t.knex('stores').where({ id }).first();
      const res = await suspend(id);
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({ name: 'ConflictError', message });
      const after = await t.knex('stores').where({ id }).first();
      expect([after.phase, after.generation]).toEqual([
        before.phase,
        before.generation,
      ]);
      expect(await t.countRows()).toEqual({ stores: 1, events: 1 });
    },
  );

  it.each<StorePhase>(['pending', 'ready', 'degraded', 'failed', 'deleting'])(
    'refuses to resume a %s store with 409',
    async phase => {
      await t.start();
      const { id } = (await t.create({ name: 'running', owner: ALICE })).body;
      await t.setPhase(id, phase);
      const res = await resume(id);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(
        `Only a suspended store can be resumed; store "running" is ${phase}`,
      );
      expect((await t.knex('stores').where({ id }).first()).phase).toBe(phase);
    },
  );

  it('answers 404 for a store the caller cannot read or that does not exist, and 403 without stores.store.update', async () => {
    await t.start();
    const { id } = (await t.create({ name: 'bobs', owner: BOB }, BOB)).body;
    await t.setPhase(id, 'ready');
    t.policy = ownedByCaller;
    for (const call of [suspend, resume]) {
      const res = await call(id, ALICE);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(`No store with id ${id}`);
    }
    const missing = '00000000-0000-0000-0000-000000000000';
    await suspend(missing, BOB).expect(404);
    await resume(missing, BOB).expect(404);

    // Everyone reads; only the owner changes it.
    t.policy = (permission, credentials) =>
      permission.name === storeUpdatePermission.name
        ? ownedByCaller(permission, credentials)
        : { result: AuthorizeResult.ALLOW };
    const denied = await suspend(id, ALICE);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      `You are not allowed to suspend store "bobs"; ask its owner (${BOB}) or the platform team`,
    );
    expect((await t.knex('stores').where({ id }).first()).phase).toBe('ready');
    await suspend(id, BOB).expect(202);
    const resumeDenied = await resume(id, ALICE);
    expect(resumeDenied.status).toBe(403);
    expect(resumeDenied.body.error.message).toContain(
      'not allowed to resume store "bobs"',
    );
    await resume(id, BOB).expect(202);
  });

  it('refuses a body the route does not take', async () => {
    await t.start();
    const { id } = (await t.create({ name: 'bodied', owner: ALICE })).body;
    await t.setPhase(id, 'ready');
    const res = await request(t.server)
      .post(`/api/stores/stores/${id}/suspend`)
      .set(auth(ALICE))
      .send('not json')
      .set('Content-Type', 'application/json');
    expect(res.status).toBe(400);
    expect((await t.knex('stores').where({ id }).first()).phase).toBe('ready');
  });
});

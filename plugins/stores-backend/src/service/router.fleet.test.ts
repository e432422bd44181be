import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { StorePhase } from '@internal/plugin-stores-common';
import request from 'supertest';
import {
  ALICE,
  auth,
  BOB,
  describeRouterOnEachDatabase,
} from '../__testUtils__/routerTestBackend';
import { ownedByCaller } from '../__testUtils__/testServices';

/*
 * The fleet routes: phase counts under the caller's access and the list's
 * filters; quota usage's input checks and its answer where no reconciler
 * runs (its reads of the watch cache are in Reconciler.suspend.cluster.test).
 */

jest.setTimeout(120_000);

const NONE = {
  pending: 0,
  provisioning: 0,
  ready: 0,
  degraded: 0,
  suspended: 0,
  failed: 0,
  deleting: 0,
};

describeRouterOnEachDatabase('stores fleet routes on %p', t => {
  async function storeIn(
    name: string,
    owner: string,
    phase: StorePhase,
    displayName?: string,
  ) {
    const created = await t.create({ name, owner, displayName }, owner);
    expect(created.status).toBe(202);
    await t.setPhase(created.body.id, phase);
    return created.body.id as string;
  }
  const counts = (user = ALICE, query: Record<string, unknown> = {}) =>
    request(t.server)
      .get('/api/stores/fleet/phases')
      .query(query)
      .set(auth(user));

  it('counts the stores in every phase, only those the caller may read, under the owner and text filters', async () => {
    await t.start();
    await storeIn('a-ready', ALICE, 'ready', 'Garden shop');
    await storeIn('a-failed', ALICE, 'failed');
    await storeIn('a-degraded', ALICE, 'degraded');
    await storeIn('a-suspended', ALICE, 'suspended');
    await storeIn('b-ready', BOB, 'ready');
    await storeIn('b-failed', BOB, 'failed');
    const deleted = await storeIn('a-gone', ALICE, 'ready');
    await t
      .knex('stores')
      .where({ id: deleted })
      .update({ phase: 'deleted', deleted_at: new Date(), live_name: null });

    const all = await counts().expect(200);
    expect(all.body).toEqual({
      total: 6,
      phases: { ...NONE, ready: 2, failed: 2, degraded: 1, suspended: 1 },
    });

    // The same filters as the list: owner and text.
    const bobs = await counts(ALICE, { owner: BOB }).expect(200);
    expect(bobs.body).toEqual({
      total: 2,
      phases: { ...NONE, ready: 1, failed: 1 },
    });
    const garden = await counts(ALICE, { q: 'GARDEN' }).expect(200);
    expect(garden.body).toEqual({ total: 1, phases: { ...NONE, ready: 1 } });

    // Owner-scoped: Alice counts only hers, whatever she asks for.
    t.policy = ownedByCaller;
    const mine = await counts().expect(200);
    expect(mine.body).toEqual({
      total: 4,
      phases: { ...NONE, ready: 1, failed: 1, degraded: 1, suspended: 1 },
    });
    expect((await counts(ALICE, { owner: BOB }).expect(200)).body).toEqual({
      total: 0,
      phases: NONE,
    });

    t.policy = () => ({ result: AuthorizeResult.DENY });
    const denied = await counts();
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('not allowed to see stores');
  });

  it('refuses bad filters with 400 and answers 401 without a token', async () => {
    await t.start();
    const badOwner = await counts(ALICE, { owner: 'not a ref!' });
    expect(badOwner.status).toBe(400);
    expect((await counts(ALICE, { phase: 'ready' })).status).toBe(400);
    await request(t.server).get('/api/stores/fleet/phases').expect(401);
  });

  it('answers quota usage with 503 where no reconciler watches the cluster, and refuses a request without stores or with too many', async () => {
    await t.start();
    const id = await storeIn('usage', ALICE, 'ready');
    const res = await request(t.server)
      .get('/api/stores/fleet/quota-usage')
      .query({ store: id })
      .set(auth(ALICE));
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      'Quota usage is read from the reconciler’s watch of the cluster, and no reconciler runs in this backend (stores.reconciler.enabled: false)',
    );
    const none = await request(t.server)
      .get('/api/stores/fleet/quota-usage')
      .set(auth(ALICE));
    expect(none.status).toBe(400);
    const tooMany = await request(t.server)
      .get(
        `/api/stores/fleet/quota-usage?${Array.from(
          { length: 101 },
          (_, i) => `store=s${i}`,
        ).join('&')}`,
      )
      .set(auth(ALICE));
    expect(tooMany.status).toBe(400);
  });
});

import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  storeReadPermission,
  storeUpdatePermission,
  type Store,
} from '@internal/plugin-stores-common';
import { DEFAULT_STORE_PLANS } from '@internal/plugin-stores-node';
import request from 'supertest';
import {
  ALICE,
  auth,
  BOB,
  describeRouterOnEachDatabase,
  type RouterTestBackend,
} from '../__testUtils__/routerTestBackend';
import { callerOf, ownedByCaller } from '../__testUtils__/testServices';

/* PATCH /stores/:id: display name, description and plan. The volume checks
 * against a cluster are in reconciler/planChange.cluster.test.ts. */

jest.setTimeout(120_000);

/** A third plan with the small plan's volumes and more CPU and memory. */
const PLANS = {
  ...DEFAULT_STORE_PLANS,
  'small-plus': {
    ...DEFAULT_STORE_PLANS.small,
    quota: { ...DEFAULT_STORE_PLANS.small.quota, 'limits.cpu': '4' },
  },
};

function patch(t: RouterTestBackend, id: string, body: unknown, user = ALICE) {
  return request(t.server)
    .patch(`/api/stores/stores/${id}`)
    .set(auth(user))
    .send(body as object);
}

async function eventsOf(t: RouterTestBackend, id: string) {
  const res = await request(t.server)
    .get(`/api/stores/stores/${id}/events`)
    .set(auth(ALICE))
    .expect(200);
  return res.body.items as Array<{ reason: string; message: string }>;
}

describeRouterOnEachDatabase('stores router updates on %p', t => {
  async function createShop(name = 'shop-one'): Promise<Store> {
    const created = await t.create(
      { name, owner: 'group:team-a', displayName: 'Shop One' },
      ALICE,
    );
    expect(created.status).toBe(202);
    return created.body;
  }

  it('changes display name and description without a new generation', async () => {
    await t.start({ plans: PLANS });
    const store = await createShop();

    const renamed = await patch(t, store.id, { displayName: '  Corner Shop ' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      displayName: 'Corner Shop',
      plan: 'small',
      generation: 1,
    });
    const described = await patch(t, store.id, {
      description: 'Sells corners',
    });
    expect(described.body).toMatchObject({
      displayName: 'Corner Shop',
      description: 'Sells corners',
      generation: 1,
    });
    // An empty description removes it.
    const cleared = await patch(t, store.id, { description: '' }).expect(200);
    expect(cleared.body.description).toBeUndefined();
    // The same values again: answered, nothing written.
    await patch(t, store.id, { displayName: 'Corner Shop' }).expect(200);

    await request(t.server)
      .get(`/api/stores/stores/${store.id}`)
      .set(auth(ALICE))
      .expect(200, cleared.body);
    expect((await eventsOf(t, store.id)).map(e => e.message)).toEqual([
      `Store requested by ${ALICE}`,
      `${ALICE} changed the display name to "Corner Shop"`,
      `${ALICE} changed the description`,
      `${ALICE} changed the description (removed)`,
    ]);
    // Each change was announced (the catalog refetches on the signal) and audited.
    expect(t.captured.signals.map(s => s.message.storeId)).toEqual(
      Array(4).fill(store.id),
    );
    const audits = (await t.captured.audits()).filter(
      a => a.eventId === 'store-update',
    );
    expect(audits.map(a => [a.outcome, a.meta?.changed])).toEqual([
      ['success', ['display name to "Corner Shop"']],
      ['success', ['description']],
      ['success', ['description (removed)']],
      ['success', []],
    ]);
  });

  it('changes the plan with a new generation, also for a failed store', async () => {
    await t.start({ plans: PLANS });
    const store = await createShop();

    const same = await patch(t, store.id, { plan: 'small-plus' }).expect(200);
    expect(same.body).toMatchObject({ plan: 'small-plus', generation: 2 });
    // Larger volumes: no cluster here, so no volume exists yet to check.
    const bigger = await patch(t, store.id, {
      plan: 'medium',
      displayName: 'Big Shop',
    }).expect(200);
    expect(bigger.body).toMatchObject({
      plan: 'medium',
      displayName: 'Big Shop',
      generation: 3,
      phase: 'pending',
    });
    const events = await eventsOf(t, store.id);
    expect(events.slice(1)).toEqual([
      expect.objectContaining({
        reason: 'PlanChangeRequested',
        message: `${ALICE} changed the plan from "small" to "small-plus"`,
      }),
      expect.objectContaining({
        reason: 'PlanChangeRequested',
        message: `${ALICE} changed the display name to "Big Shop", plan from "small-plus" to "medium"`,
      }),
    ]);

    // A failed store on a new plan is provisioned again, as on a retry.
    const other = await createShop('shop-two');
    await t.markFailed(other.id);
    const retried = await patch(t, other.id, { plan: 'medium' }).expect(200);
    expect(retried.body).toMatchObject({
      phase: 'provisioning',
      generation: 2,
      plan: 'medium',
    });
    expect(retried.body.failureReason).toBeUndefined();
  });

  it('refuses a plan that shrinks volumes, naming them, and changes nothing', async () => {
    await t.start({ plans: PLANS });
    const created = await t.create(
      { name: 'big-shop', owner: ALICE, plan: 'medium' },
      ALICE,
    );
    const store: Store = created.body;
    const res = await patch(t, store.id, {
      plan: 'small',
      displayName: 'Smaller',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      'Plan "small" would shrink the database volume from 10Gi to 2Gi and the content volume from 10Gi to 2Gi of store "big-shop"; volumes can only grow, so choose a plan whose volumes are at least as large',
    );
    await request(t.server)
      .get(`/api/stores/stores/${store.id}`)
      .set(auth(ALICE))
      .expect(200, store);
  });

  it('refuses illegal input with 400 naming the field', async () => {
    await t.start({ plans: PLANS });
    const store = await createShop();
    const cases: Array<[unknown, string]> = [
      [{}, 'name at least one of displayName, description, plan'],
      [{ name: 'other' }, `Unrecognized key: "name"`],
      [{ owner: BOB }, `Unrecognized key: "owner"`],
      [{ engine: 'medusa' }, `Unrecognized key: "engine"`],
      [{ displayName: 42 }, 'displayName'],
      [{ displayName: '   ' }, 'displayName'],
      [{ displayName: 'x'.repeat(101) }, 'displayName'],
      [{ description: 'x'.repeat(1001) }, 'description'],
      [{ plan: 7 }, 'plan'],
      [
        { plan: 'huge' },
        'Unknown plan "huge"; available plans: small, medium, small-plus',
      ],
      [[{ plan: 'medium' }], 'Request body must be a JSON object'],
    ];
    for (const [body, message] of cases) {
      const res = await patch(t, store.id, body);
      expect([body, res.status]).toEqual([body, 400]);
      expect(res.body.error.message).toContain(message);
    }
    const malformed = await request(t.server)
      .patch(`/api/stores/stores/${store.id}`)
      .set(auth(ALICE))
      .set('Content-Type', 'application/json')
      .send('{"plan": ');
    expect(malformed.status).toBe(400);
    const unchanged = await request(t.server)
      .get(`/api/stores/stores/${store.id}`)
      .set(auth(ALICE))
      .expect(200);
    expect(unchanged.body).toEqual(store);
  });

  it('answers 409 for a store being deleted', async () => {
    await t.start({ plans: PLANS });
    const store = await createShop();
    await request(t.server)
      .delete(`/api/stores/stores/${store.id}`)
      .set(auth(ALICE))
      .expect(202);
    for (const body of [{ displayName: 'Too late' }, { plan: 'medium' }]) {
      const res = await patch(t, store.id, body);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(
        'Store "shop-one" is being deleted and can no longer be changed',
      );
    }
  });

  it('answers 404 for a store the caller cannot read and 403 without the update permission', async () => {
    await t.start({ plans: PLANS });
    const store = await createShop();
    const bobs = await t.create({ name: 'bob-shop', owner: BOB }, BOB);
    t.policy = (permission, credentials) => {
      if (
        permission.name === storeUpdatePermission.name &&
        callerOf(credentials) === ALICE
      ) {
        return { result: AuthorizeResult.DENY };
      }
      if (permission.name === storeReadPermission.name) {
        return ownedByCaller(permission, credentials, ['group:default/team-a']);
      }
      return { result: AuthorizeResult.ALLOW };
    };
    const hidden = await patch(t, bobs.body.id, { displayName: 'Mine' });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.message).toBe(`No store with id ${bobs.body.id}`);
    const denied = await patch(t, store.id, { plan: 'medium' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain(
      'You are not allowed to change store "shop-one"',
    );
    await patch(t, 'no-such-id', { displayName: 'x' }).expect(404);
  });
});

import {
  STORE_EVENTS_TOPIC,
  STORE_SIGNAL_CHANNEL,
  type Store,
} from '@internal/plugin-stores-common';
import request from 'supertest';
import {
  ALICE,
  auth,
  BOB,
  describeRouterOnEachDatabase,
} from '../__testUtils__/routerTestBackend';

/* The API's lifecycle, reads and paging; input checks and the dry run are in
 * router.validation.test.ts, permissions and secrets in router.security.test.ts. */

jest.setTimeout(120_000);

describeRouterOnEachDatabase('stores router on %p', t => {
  it('serves /health without a token and /readiness with the reconciler reason', async () => {
    await t.start();
    await request(t.server)
      .get('/api/stores/health')
      .expect(200, { status: 'ok' });
    // A checker's own query parameters do not turn the probe into a 400.
    await request(t.server)
      .get('/api/stores/health?timeout=5&_=1733140000')
      .expect(200, { status: 'ok' });
    await request(t.server).get('/api/stores/readiness').expect(401);
    const ready = await request(t.server)
      .get('/api/stores/readiness')
      .set(auth(ALICE));
    expect(ready.status).toBe(503);
    expect(ready.body.error.message).toContain('reconciler not configured');
  });

  it('serves the /ready probe without a token, naming the dependency but not its error', async () => {
    await t.start();
    const probe = await request(t.server).get('/api/stores/ready?timeout=5');
    expect(probe.status).toBe(503);
    expect(probe.body.error.message).toBe('Not ready: cluster');
    // The reason behind it is only for authenticated callers (/readiness).
    expect(JSON.stringify(probe.body)).not.toContain('not configured');
  });

  it('creates, gets, lists, deletes, retries and lists events', async () => {
    await t.start();
    const created = await t.create(
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
    const replay = await t.create(
      { name: 'shop-one', owner: 'group:team-a', displayName: 'Shop One' },
      ALICE,
      { 'Idempotency-Key': 'task-1' },
    );
    expect(replay.status).toBe(202);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(store.id);
    expect(await t.countRows()).toEqual({ stores: 1, events: 1 });

    await request(t.server)
      .get(`/api/stores/stores/${store.id}`)
      .set(auth(ALICE))
      .expect(200, store);

    const list = await request(t.server)
      .get('/api/stores/stores')
      .set(auth(ALICE))
      .expect(200);
    expect(list.body).toEqual({ items: [store], totalCount: 1 });

    // Retry only from failed.
    const early = await request(t.server)
      .post(`/api/stores/stores/${store.id}/retry`)
      .set(auth(ALICE));
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('Only a failed store');
    await t.markFailed(store.id);
    const retried = await request(t.server)
      .post(`/api/stores/stores/${store.id}/retry`)
      .set(auth(ALICE))
      .expect(202);
    expect(retried.body).toMatchObject({
      phase: 'provisioning',
      generation: 2,
    });

    const deleted = await request(t.server)
      .delete(`/api/stores/stores/${store.id}`)
      .set(auth(BOB))
      .expect(202);
    expect(deleted.body).toMatchObject({ phase: 'deleting', generation: 3 });

    const events = await request(t.server)
      .get(`/api/stores/stores/${store.id}/events?limit=2`)
      .set(auth(ALICE))
      .expect(200);
    expect(events.body.items.map((e: any) => e.reason)).toEqual([
      'Created',
      'RetryRequested',
    ]);
    const moreEvents = await request(t.server)
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
    expect(t.captured.signals.map(s => s.message.phase)).toEqual([
      'pending',
      'provisioning',
      'deleting',
    ]);
    expect(t.captured.signals[0]).toEqual({
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
    expect(t.captured.events.map(e => e.topic)).toEqual([
      STORE_EVENTS_TOPIC,
      STORE_EVENTS_TOPIC,
      STORE_EVENTS_TOPIC,
    ]);
    expect(
      (await t.captured.audits()).map(a => [
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

    await request(t.server)
      .get('/api/stores/stores/00000000-0000-0000-0000-000000000000')
      .set(auth(ALICE))
      .expect(404);
  });

  it('pages through more than one page with combined filters', async () => {
    await t.start();
    const ids: Record<string, string> = {};
    for (let i = 0; i < 9; i++) {
      const owner = i % 2 ? 'group:default/team-a' : 'group:default/team-b';
      const res = await t
        .create({
          name: `list-${i}`,
          owner,
          displayName: i < 6 ? `Demo ${i}` : `Other ${i}`,
        })
        .expect(202);
      ids[`list-${i}`] = res.body.id;
    }
    for (const name of ['list-1', 'list-3', 'list-4', 'list-8']) {
      await t.markFailed(ids[name]);
    }

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await request(t.server)
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
    const filteredPage = (after?: string) =>
      request(t.server)
        .get('/api/stores/stores')
        .query({
          owner: 'group:default/team-a',
          phase: 'failed',
          q: 'DEMO',
          limit: 1,
          ...(after ? { cursor: after } : {}),
        })
        .set(auth(ALICE))
        .expect(200);
    const filtered = await filteredPage();
    expect(filtered.body.totalCount).toBe(2);
    const next = await filteredPage(filtered.body.nextCursor);
    expect(next.body.nextCursor).toBeUndefined();
    expect(
      [...filtered.body.items, ...next.body.items]
        .map((s: Store) => s.name)
        .sort(),
    ).toEqual(['list-1', 'list-3']);

    // Two phases and two owners at once.
    const multi = await request(t.server)
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
      const res = await request(t.server)
        .get(`/api/stores/stores?${query}`)
        .set(auth(ALICE));
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.error.name).toBe('InputError');
    }
  });
});

import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { storeCreatePermission } from '@internal/plugin-stores-common';
import request from 'supertest';
import {
  ALICE,
  auth,
  describeRouterOnEachDatabase,
} from '../__testUtils__/routerTestBackend';
import { PLANTED_SECRET, SECRET_KEYS } from '../__testUtils__/testServices';

/* Every refused create or list request, and the dry run. */

jest.setTimeout(120_000);

describeRouterOnEachDatabase('stores router input checks on %p', t => {
  describe('rejects bad input with a clear 4xx and writes nothing', () => {
    const cases: Array<[string, () => request.Test, number, string]> = [
      [
        'uppercase name',
        () => t.create({ name: 'MyShop', owner: 'group:default/a' }),
        400,
        'lowercase letters',
      ],
      [
        'unicode name',
        () => t.create({ name: 'shöp', owner: 'group:default/a' }),
        400,
        'lowercase letters',
      ],
      [
        '64-character name',
        () => t.create({ name: 'a'.repeat(64), owner: 'group:default/a' }),
        400,
        'at most 57 characters',
      ],
      [
        'leading digit',
        () => t.create({ name: '1shop', owner: 'group:default/a' }),
        400,
        'must start with a lowercase letter',
      ],
      [
        'leading dash',
        () => t.create({ name: '-shop', owner: 'group:default/a' }),
        400,
        'must start with a lowercase letter',
      ],
      [
        'reserved name',
        () => t.create({ name: 'admin', owner: 'group:default/a' }),
        400,
        'reserved',
      ],
      [
        'unknown engine',
        () =>
          t.create({
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
          t.create({ name: 'shop', owner: 'group:default/a', plan: 'huge' }),
        400,
        'Unknown plan "huge"; available plans: small, medium',
      ],
      [
        'unknown field',
        () =>
          t.create({ name: 'shop', owner: 'group:default/a', color: 'red' }),
        400,
        'color',
      ],
      [
        'bad owner',
        () => t.create({ name: 'shop', owner: 'team-a' }),
        400,
        'owner must be a user or group entity ref',
      ],
      [
        'oversized body',
        () =>
          t.create({
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
          request(t.server)
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
          request(t.server)
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
          t.create({ name: 'shop', owner: 'group:default/a' }, ALICE, {
            'Idempotency-Key': 'has spaces',
          }),
        400,
        'Idempotency-Key',
      ],
      [
        'unknown query parameter',
        () =>
          request(t.server)
            .post('/api/stores/stores?force=true')
            .set(auth(ALICE))
            .send({ name: 'shop', owner: 'group:default/a' }),
        400,
        'force',
      ],
      [
        'missing token',
        () =>
          request(t.server)
            .post('/api/stores/stores')
            .send({ name: 'shop', owner: 'group:default/a' }),
        401,
        '',
      ],
      [
        'bad token',
        () =>
          request(t.server)
            .post('/api/stores/stores')
            .set('Authorization', mockCredentials.user.invalidHeader())
            .send({ name: 'shop', owner: 'group:default/a' }),
        401,
        '',
      ],
    ];

    it.each(cases)('%s', async (_label, send, status, message) => {
      await t.start();
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.body.error.message).toContain(message);
      expect(await t.countRows()).toEqual({ stores: 0, events: 0 });
      expect(t.captured.signals).toEqual([]);
    });

    it('a duplicate name', async () => {
      await t.start();
      await t.create({ name: 'taken', owner: 'group:default/a' }).expect(202);
      const res = await t.create({ name: 'taken', owner: 'group:default/b' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toContain(
        'A store named "taken" already exists',
      );
      expect(await t.countRows()).toEqual({ stores: 1, events: 1 });
      expect((await t.captured.audits()).map(a => a.outcome)).toEqual([
        'success',
        'fail',
      ]);
    });

    it('the per-owner and per-minute limits', async () => {
      await t.start({
        limits: { perOwner: 2, total: 10, createsPerUserPerMinute: 3 },
      });
      await t.create({ name: 'lim-a', owner: 'group:default/a' }).expect(202);
      await t.create({ name: 'lim-b', owner: 'group:default/a' }).expect(202);
      const owner = await t.create({
        name: 'lim-c',
        owner: 'group:default/a',
      });
      expect(owner.status).toBe(403);
      expect(owner.body.error.message).toContain(
        'group:default/a already owns 2 stores, the limit per owner is 2',
      );
      await t.create({ name: 'lim-c', owner: 'group:default/b' }).expect(202);
      const rate = await t.create({
        name: 'lim-d',
        owner: 'group:default/c',
      });
      expect(rate.status).toBe(429);
      expect(rate.body.error.message).toContain('wait a minute');
      expect(await t.countRows()).toEqual({ stores: 3, events: 3 });
    });

    it('a user without the create permission gets 403', async () => {
      await t.start();
      t.policy = permission =>
        permission.name === storeCreatePermission.name
          ? { result: AuthorizeResult.DENY }
          : { result: AuthorizeResult.ALLOW };
      const res = await t.create({ name: 'nope', owner: 'group:default/a' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('not allowed to create');
      expect(await t.countRows()).toEqual({ stores: 0, events: 0 });
    });
  });

  it('dry run validates and renders with the Secret redacted, writing nothing', async () => {
    await t.start({ baseDomain: 'shops.example.com', scheme: 'https' });
    const res = await t
      .create({
        name: 'dry-shop',
        owner: 'group:default/a',
      })
      .query({ dryRun: 'true' });
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
    expect(await t.countRows()).toEqual({ stores: 0, events: 0 });
    expect(await t.captured.audits()).toEqual([]);
    expect(t.captured.signals).toEqual([]);

    // A dry run still reports what the real create would refuse.
    await t.create({ name: 'dry-shop', owner: 'group:default/a' }).expect(202);
    const dup = await t
      .create({
        name: 'dry-shop',
        owner: 'group:default/a',
      })
      .query({ dryRun: 'true' });
    expect(dup.status).toBe(409);
  });
});

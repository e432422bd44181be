import { OWNER, startMedusaOnlyBackend } from './__testUtils__/medusaBackend';

describe('stores backend with only the Medusa module', () => {
  let started: Awaited<ReturnType<typeof startMedusaOnlyBackend>>;
  beforeAll(async () => {
    started = await startMedusaOnlyBackend({ reconciler: { enabled: false } });
  }, 120_000);
  afterAll(() => started?.backend.stop());

  it('refuses a WooCommerce store with 400, naming the engines installed', async () => {
    const res = await started.api.create({
      name: 'woo-shop',
      owner: OWNER,
      engine: 'woocommerce',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message: 'Unknown engine "woocommerce"; available engines: medusa',
    });
  });

  it('renders a Medusa store on a dry run, with its URLs and no secret value', async () => {
    const res = await started.api.create(
      { name: 'medusa-shop', owner: OWNER, engine: 'medusa' },
      '?dryRun=true',
    );
    expect(res.status).toBe(200);
    expect(res.body.store).toMatchObject({
      engine: 'medusa',
      urls: {
        storefront: 'http://medusa-shop.stores.localhost/',
        admin: 'http://medusa-shop.stores.localhost/app/',
      },
    });
    const kinds = res.body.objects.map(
      (o: { kind: string; metadata: { name: string } }) =>
        `${o.kind}/${o.metadata.name}`,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        'StatefulSet/postgres',
        'Deployment/medusa-server',
        'Job/medusa-bootstrap',
      ]),
    );
  });
});

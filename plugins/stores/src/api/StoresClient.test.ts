import { createFetchApi, FetchMiddlewares } from '@backstage/core-app-api';
import { StoresClient } from './StoresClient';

const discoveryApi = {
  getBaseUrl: async (id: string) => `http://backend/api/${id}`,
};

/** A client whose fetch API records each request it is asked for. */
function client(response: () => Response) {
  const requests: Request[] = [];
  const fetch = jest.fn(
    async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new Request(input, init));
      return response();
    },
  );
  const storesClient = new StoresClient({ discoveryApi, fetchApi: { fetch } });
  return { storesClient, requests };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('StoresClient', () => {
  it('lists stores with repeated owner keys and the cursor', async () => {
    const { storesClient, requests } = client(() =>
      json({ items: [], totalCount: 0 }),
    );
    await expect(
      storesClient.listStores({
        owner: ['user:default/a', 'group:default/b'],
        phase: 'failed',
        q: '',
        limit: 12,
        cursor: 'abc',
      }),
    ).resolves.toEqual({ items: [], totalCount: 0 });
    const request = requests[0];
    expect(request.method).toBe('GET');
    expect(request.url).toBe(
      'http://backend/api/stores/stores?owner=user%3Adefault%2Fa&owner=group%3Adefault%2Fb&phase=failed&limit=12&cursor=abc',
    );
  });

  it('uses the routes of the stores backend', async () => {
    const { storesClient, requests } = client(() => json({ id: 'x/1' }));
    await storesClient.getStore('x/1');
    await storesClient.deleteStore('x/1');
    await storesClient.retryStore('x/1');
    await storesClient.listStoreEvents('x/1', { limit: 5 });
    await storesClient.listStoreBackups('x/1');
    await storesClient.startStoreBackup('x/1');
    expect(requests.map(request => `${request.method} ${request.url}`)).toEqual(
      [
        'GET http://backend/api/stores/stores/x%2F1',
        'DELETE http://backend/api/stores/stores/x%2F1',
        'POST http://backend/api/stores/stores/x%2F1/retry',
        'GET http://backend/api/stores/stores/x%2F1/events?limit=5',
        'GET http://backend/api/stores/stores/x%2F1/backups',
        'POST http://backend/api/stores/stores/x%2F1/backups',
      ],
    );
  });

  it('asks for a dry-run create with the request as JSON', async () => {
    const { storesClient, requests } = client(() => json({ store: {} }));
    await storesClient.dryRunCreateStore({
      name: 'ux-shop',
      owner: 'user:default/guest',
    });
    const request = requests[0];
    expect(`${request.method} ${request.url}`).toBe(
      'POST http://backend/api/stores/stores?dryRun=true',
    );
    expect(request.headers.get('Content-Type')).toBe('application/json');
    expect(await request.json()).toEqual({
      name: 'ux-shop',
      owner: 'user:default/guest',
    });
  });

  it('throws a ResponseError with the backend error', async () => {
    const { storesClient } = client(() =>
      json(
        {
          error: { name: 'NotFoundError', message: 'store x not found' },
          request: { method: 'GET', url: '/stores/x' },
          response: { statusCode: 404 },
        },
        404,
      ),
    );
    await expect(storesClient.getStore('x')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      body: { error: { message: 'store x not found' } },
    });
  });

  it("goes through the portal's fetch middlewares with its body and the user's token", async () => {
    // The app's fetch API: plugin:// URLs resolved, the identity's token
    // added. Each middleware rebuilds the request it is given.
    const sent: Request[] = [];
    const fetchApi = createFetchApi({
      baseImplementation: async (input, init) => {
        sent.push(new Request(input, init));
        return json({ store: {} });
      },
      middleware: [
        FetchMiddlewares.resolvePluginProtocol({ discoveryApi }),
        FetchMiddlewares.injectIdentityAuth({
          identityApi: {
            getCredentials: async () => ({ token: 'jane-token' }),
          } as any,
          allowUrl: () => true,
        }),
      ],
    });
    const storesClient = new StoresClient({ discoveryApi, fetchApi });
    await storesClient.dryRunCreateStore({
      name: 'ux-shop',
      owner: 'user:default/jane',
    });
    expect(sent).toHaveLength(1);
    expect(`${sent[0].method} ${sent[0].url}`).toBe(
      'POST http://backend/api/stores/stores?dryRun=true',
    );
    expect(sent[0].headers.get('Authorization')).toBe('Bearer jane-token');
    expect(await sent[0].json()).toEqual({
      name: 'ux-shop',
      owner: 'user:default/jane',
    });
  });
});

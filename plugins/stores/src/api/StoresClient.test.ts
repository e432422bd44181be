import { StoresClient } from './StoresClient';

function client(response: () => Response) {
  const fetch = jest.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) => response(),
  );
  const storesClient = new StoresClient({
    discoveryApi: { getBaseUrl: async id => `http://backend/api/${id}` },
    fetchApi: { fetch },
  });
  return { storesClient, fetch };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('StoresClient', () => {
  it('lists stores with repeated owner keys and the cursor', async () => {
    const { storesClient, fetch } = client(() =>
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
    const request = fetch.mock.calls[0][0] as Request;
    expect(request.method).toBe('GET');
    expect(request.url).toBe(
      'http://backend/api/stores/stores?owner=user%3Adefault%2Fa&owner=group%3Adefault%2Fb&phase=failed&limit=12&cursor=abc',
    );
  });

  it('uses the routes of the stores backend', async () => {
    const { storesClient, fetch } = client(() => json({ id: 'x/1' }));
    await storesClient.getStore('x/1');
    await storesClient.deleteStore('x/1');
    await storesClient.retryStore('x/1');
    await storesClient.listStoreEvents('x/1', { limit: 5 });
    expect(
      fetch.mock.calls.map(([input]) => {
        const request = input as Request;
        return `${request.method} ${request.url}`;
      }),
    ).toEqual([
      'GET http://backend/api/stores/stores/x%2F1',
      'DELETE http://backend/api/stores/stores/x%2F1',
      'POST http://backend/api/stores/stores/x%2F1/retry',
      'GET http://backend/api/stores/stores/x%2F1/events?limit=5',
    ]);
  });

  it('asks for a dry-run create with the request as JSON', async () => {
    const { storesClient, fetch } = client(() => json({ store: {} }));
    await storesClient.dryRunCreateStore({
      name: 'ux-shop',
      owner: 'user:default/guest',
    });
    const request = fetch.mock.calls[0][0] as Request;
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
});

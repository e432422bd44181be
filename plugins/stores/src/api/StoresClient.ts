import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CreateStoreRequest,
  ListStoresQuery,
  Store,
  StoreEventList,
  StoreList,
} from '@internal/plugin-stores-common';
import type { ListStoreEventsQuery, StoresApi } from './StoresApi';

/**
 * {@link StoresApi} over HTTP. The fetch API adds the user's token, so the
 * backend sees the signed-in user.
 *
 * @public
 */
export class StoresClient implements StoresApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  async listStores(query: ListStoresQuery = {}): Promise<StoreList> {
    return this.#request('GET', `/stores${toQueryString(query)}`);
  }

  async getStore(id: string): Promise<Store> {
    return this.#request('GET', `/stores/${encodeURIComponent(id)}`);
  }

  async deleteStore(id: string): Promise<Store> {
    return this.#request('DELETE', `/stores/${encodeURIComponent(id)}`);
  }

  async retryStore(id: string): Promise<Store> {
    return this.#request('POST', `/stores/${encodeURIComponent(id)}/retry`);
  }

  async listStoreEvents(
    id: string,
    query: ListStoreEventsQuery = {},
  ): Promise<StoreEventList> {
    return this.#request(
      'GET',
      `/stores/${encodeURIComponent(id)}/events${toQueryString(query)}`,
    );
  }

  async dryRunCreateStore(request: CreateStoreRequest): Promise<void> {
    await this.#request('POST', '/stores?dryRun=true', request);
  }

  async #request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('stores');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : {
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          }),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/** Repeats a key for array values (`owner=a&owner=b`), as the backend expects. */
function toQueryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of ([] as unknown[]).concat(value ?? [])) {
      if (item !== '') {
        params.append(key, String(item));
      }
    }
  }
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

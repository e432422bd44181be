// openapi-fetch names its methods after the HTTP verbs (api.GET, api.POST).
/* eslint-disable new-cap */
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  listStoresParams,
  type AdminCredentials,
  type CredentialsRotation,
  type CreateStoreRequest,
  type ListStoresQuery,
  type RolloutStatus,
  type PhaseCountsQuery,
  type Store,
  type StoreBackup,
  type StoreBackupList,
  type StoreEventList,
  type StoreList,
  type StorePhaseCounts,
  type StoreQuotaUsage,
  type StoresApiPaths,
  type UpdateStoreRequest,
  throwResponseErrors,
} from '@internal/plugin-stores-common';
import createClient from 'openapi-fetch';
import type { ListStoreEventsQuery, StoresApi } from './StoresApi';

/**
 * {@link StoresApi} over HTTP. Paths, parameters, bodies and answers are
 * typed from the stores API's OpenAPI spec (openapi-fetch over the
 * generated `StoresApiPaths`). The fetch API adds the user's token, so the
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
    const api = await this.#api();
    const { data } = await api.GET('/stores', {
      params: { query: listStoresParams(query) },
    });
    return data!;
  }

  async getStore(id: string): Promise<Store> {
    const api = await this.#api();
    const { data } = await api.GET('/stores/{id}', {
      params: { path: { id } },
    });
    return data!;
  }

  async deleteStore(id: string): Promise<Store> {
    const api = await this.#api();
    const { data } = await api.DELETE('/stores/{id}', {
      params: { path: { id } },
    });
    return data!;
  }

  async updateStore(id: string, request: UpdateStoreRequest): Promise<Store> {
    const api = await this.#api();
    const { data } = await api.PATCH('/stores/{id}', {
      params: { path: { id } },
      body: request,
    });
    return data!;
  }

  async retryStore(id: string): Promise<Store> {
    const api = await this.#api();
    const { data } = await api.POST('/stores/{id}/retry', {
      params: { path: { id } },
    });
    return data!;
  }

  async getStoreCredentials(id: string): Promise<AdminCredentials> {
    const api = await this.#api();
    const { data } = await api.GET('/stores/{id}/credentials', {
      params: { path: { id } },
      // A password: not for the browser's HTTP cache either way.
      cache: 'no-store',
    });
    return data!;
  }

  async rotateStoreCredentials(id: string): Promise<CredentialsRotation> {
    const api = await this.#api();
    const { data } = await api.POST('/stores/{id}/credentials/rotate', {
      params: { path: { id } },
    });
    return data!;
  }

  async suspendStore(id: string): Promise<Store> {
    const api = await this.#api();
    const { data } = await api.POST('/stores/{id}/suspend', {
      params: { path: { id } },
    });
    return data!;
  }

  async resumeStore(id: string): Promise<Store> {
    const api = await this.#api();
    const { data } = await api.POST('/stores/{id}/resume', {
      params: { path: { id } },
    });
    return data!;
  }

  async countStoresByPhase(
    query: PhaseCountsQuery = {},
  ): Promise<StorePhaseCounts> {
    const api = await this.#api();
    const { owner, q } = listStoresParams(query);
    const { data } = await api.GET('/fleet/phases', {
      params: { query: { owner, q } },
    });
    return data!;
  }

  async getQuotaUsage(storeIds: string[]): Promise<StoreQuotaUsage[]> {
    if (storeIds.length === 0) {
      return [];
    }
    const api = await this.#api();
    const { data } = await api.GET('/fleet/quota-usage', {
      params: { query: { store: storeIds } },
    });
    return data!.items;
  }

  async listStoreEvents(
    id: string,
    query: ListStoreEventsQuery = {},
  ): Promise<StoreEventList> {
    const api = await this.#api();
    const { data } = await api.GET('/stores/{id}/events', {
      params: { path: { id }, query },
    });
    return data!;
  }

  async listStoreBackups(id: string): Promise<StoreBackupList> {
    const api = await this.#api();
    const { data } = await api.GET('/stores/{id}/backups', {
      params: { path: { id } },
    });
    return data!;
  }

  async startStoreBackup(id: string): Promise<StoreBackup> {
    const api = await this.#api();
    const { data } = await api.POST('/stores/{id}/backups', {
      params: { path: { id } },
    });
    return data!;
  }

  async dryRunCreateStore(request: CreateStoreRequest): Promise<void> {
    const api = await this.#api();
    await api.POST('/stores', {
      body: request,
      params: { query: { dryRun: 'true' } },
    });
  }

  /** A client on the backend's current base URL; failures throw ResponseError. */
  async getRollout(): Promise<RolloutStatus> {
    const api = await this.#api();
    const { data } = await api.GET('/rollout');
    return data!;
  }

  async #api() {
    const client = createClient<StoresApiPaths>({
      baseUrl: await this.#discoveryApi.getBaseUrl('stores'),
      // Backstage's fetch middlewares each rebuild the request from what
      // they are given, and a Request's body can be read only once: the
      // second rebuild of a POST would throw. So they get the URL and a
      // plain init, whose body is a string.
      fetch: async (request: Request) =>
        this.#fetchApi.fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: ['GET', 'HEAD'].includes(request.method)
            ? undefined
            : await request.text(),
          signal: request.signal,
        }),
    });
    client.use(throwResponseErrors);
    return client;
  }
}

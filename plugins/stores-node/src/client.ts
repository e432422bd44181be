import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  listStoresParams,
  type AdminCredentials,
  type CreateStoreRequest,
  type CredentialsRotation,
  type ListStoresQuery,
  type Store,
  type StoreDryRunResult,
  type StoreEventList,
  type StoreList,
  type UpdateStoreRequest,
} from '@internal/plugin-stores-common';
import { createStoresApiClient, dataOf } from './createStoresApiClient';

/**
 * Per-call options. `credentials` are the caller's: pass the user's
 * credentials whenever a user is behind the call, so that their permissions
 * apply; without them the calling plugin's own service identity is used.
 */
export interface StoresRequestOptions {
  credentials?: BackstageCredentials;
}

/** Typed access to the stores backend's REST API for other backend plugins. */
export interface StoresService {
  createStore(
    request: CreateStoreRequest,
    options?: StoresRequestOptions & { idempotencyKey?: string },
  ): Promise<Store>;
  /** Validates a create request and renders its objects without storing anything. */
  dryRunCreateStore(
    request: CreateStoreRequest,
    options?: StoresRequestOptions,
  ): Promise<StoreDryRunResult>;
  getStore(id: string, options?: StoresRequestOptions): Promise<Store>;
  listStores(
    query?: ListStoresQuery,
    options?: StoresRequestOptions,
  ): Promise<StoreList>;
  deleteStore(id: string, options?: StoresRequestOptions): Promise<Store>;
  retryStore(id: string, options?: StoresRequestOptions): Promise<Store>;
  /** The store's admin user name and password; audited by the backend. Never log the answer. */
  getStoreCredentials(
    id: string,
    options?: StoresRequestOptions,
  ): Promise<AdminCredentials>;
  /** Starts setting a new admin password; the store's events tell how it ended. */
  rotateStoreCredentials(
    id: string,
    options?: StoresRequestOptions,
  ): Promise<CredentialsRotation>;
  /** Changes display name, description or plan (`PATCH /stores/:id`). */
  updateStore(
    id: string,
    request: UpdateStoreRequest,
    options?: StoresRequestOptions,
  ): Promise<Store>;
  listStoreEvents(
    id: string,
    query?: { limit?: number; cursor?: string },
    options?: StoresRequestOptions,
  ): Promise<StoreEventList>;
}

/**
 * {@link StoresService} over HTTP, found through discovery. Paths,
 * parameters, bodies and answers are typed from the stores API's OpenAPI
 * spec (openapi-fetch over the generated `StoresApiPaths`), so a call the
 * spec does not allow does not compile.
 */
export class StoresClient implements StoresService {
  readonly #discovery: DiscoveryService;
  readonly #auth: AuthService;

  static create(options: { discovery: DiscoveryService; auth: AuthService }) {
    return new StoresClient(options.discovery, options.auth);
  }

  private constructor(discovery: DiscoveryService, auth: AuthService) {
    this.#discovery = discovery;
    this.#auth = auth;
  }

  async createStore(
    request: CreateStoreRequest,
    options?: StoresRequestOptions & { idempotencyKey?: string },
  ): Promise<Store> {
    const api = await this.#api(options);
    // Without dryRun the answer is the 202's store.
    return dataOf<Store>(
      await api.POST('/stores', {
        body: request,
        params: {
          header: options?.idempotencyKey
            ? { 'Idempotency-Key': options.idempotencyKey }
            : {},
        },
      }),
    );
  }

  async dryRunCreateStore(
    request: CreateStoreRequest,
    options?: StoresRequestOptions,
  ): Promise<StoreDryRunResult> {
    const api = await this.#api(options);
    // With dryRun the answer is the 200's dry-run result.
    return dataOf<StoreDryRunResult>(
      await api.POST('/stores', {
        body: request,
        params: { query: { dryRun: 'true' } },
      }),
    );
  }

  async getStore(id: string, options?: StoresRequestOptions): Promise<Store> {
    const api = await this.#api(options);
    return dataOf(await api.GET('/stores/{id}', { params: { path: { id } } }));
  }

  async listStores(
    query: ListStoresQuery = {},
    options?: StoresRequestOptions,
  ): Promise<StoreList> {
    const api = await this.#api(options);
    return dataOf(
      await api.GET('/stores', {
        params: { query: listStoresParams(query) },
      }),
    );
  }

  async deleteStore(
    id: string,
    options?: StoresRequestOptions,
  ): Promise<Store> {
    const api = await this.#api(options);
    return dataOf(
      await api.DELETE('/stores/{id}', { params: { path: { id } } }),
    );
  }

  async updateStore(
    id: string,
    request: UpdateStoreRequest,
    options?: StoresRequestOptions,
  ): Promise<Store> {
    const api = await this.#api(options);
    return dataOf(
      await api.PATCH('/stores/{id}', {
        params: { path: { id } },
        body: request,
      }),
    );
  }

  async retryStore(id: string, options?: StoresRequestOptions): Promise<Store> {
    const api = await this.#api(options);
    return dataOf(
      await api.POST('/stores/{id}/retry', { params: { path: { id } } }),
    );
  }

  async getStoreCredentials(
    id: string,
    options?: StoresRequestOptions,
  ): Promise<AdminCredentials> {
    const api = await this.#api(options);
    return dataOf(
      await api.GET('/stores/{id}/credentials', { params: { path: { id } } }),
    );
  }

  async rotateStoreCredentials(
    id: string,
    options?: StoresRequestOptions,
  ): Promise<CredentialsRotation> {
    const api = await this.#api(options);
    return dataOf(
      await api.POST('/stores/{id}/credentials/rotate', {
        params: { path: { id } },
      }),
    );
  }

  async listStoreEvents(
    id: string,
    query: { limit?: number; cursor?: string } = {},
    options?: StoresRequestOptions,
  ): Promise<StoreEventList> {
    const api = await this.#api(options);
    return dataOf(
      await api.GET('/stores/{id}/events', {
        params: { path: { id }, query },
      }),
    );
  }

  /** A client for one call, with the caller's (or this plugin's) token. */
  async #api(options: StoresRequestOptions | undefined) {
    const baseUrl = await this.#discovery.getBaseUrl('stores');
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf:
        options?.credentials ?? (await this.#auth.getOwnServiceCredentials()),
      targetPluginId: 'stores',
    });
    return createStoresApiClient({
      baseUrl,
      headers: { Authorization: `Bearer ${token}` },
    });
  }
}

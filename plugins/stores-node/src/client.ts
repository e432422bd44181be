import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CreateStoreRequest,
  ListStoresQuery,
  Store,
  StoreDryRunResult,
  StoreEventList,
  StoreList,
} from '@internal/plugin-stores-common';

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
  listStoreEvents(
    id: string,
    query?: { limit?: number; cursor?: string },
    options?: StoresRequestOptions,
  ): Promise<StoreEventList>;
}

/** {@link StoresService} over HTTP, found through discovery. */
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
    return this.#request('POST', '/stores', options, {
      body: request,
      headers: options?.idempotencyKey
        ? { 'Idempotency-Key': options.idempotencyKey }
        : undefined,
    });
  }

  async dryRunCreateStore(
    request: CreateStoreRequest,
    options?: StoresRequestOptions,
  ): Promise<StoreDryRunResult> {
    return this.#request('POST', '/stores?dryRun=true', options, {
      body: request,
    });
  }

  async getStore(id: string, options?: StoresRequestOptions): Promise<Store> {
    return this.#request('GET', `/stores/${encodeURIComponent(id)}`, options);
  }

  async listStores(
    query: ListStoresQuery = {},
    options?: StoresRequestOptions,
  ): Promise<StoreList> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      for (const item of ([] as unknown[]).concat(value ?? [])) {
        params.append(key, String(item));
      }
    }
    const qs = params.toString();
    return this.#request('GET', `/stores${qs ? `?${qs}` : ''}`, options);
  }

  async deleteStore(
    id: string,
    options?: StoresRequestOptions,
  ): Promise<Store> {
    return this.#request(
      'DELETE',
      `/stores/${encodeURIComponent(id)}`,
      options,
    );
  }

  async retryStore(id: string, options?: StoresRequestOptions): Promise<Store> {
    return this.#request(
      'POST',
      `/stores/${encodeURIComponent(id)}/retry`,
      options,
    );
  }

  async listStoreEvents(
    id: string,
    query: { limit?: number; cursor?: string } = {},
    options?: StoresRequestOptions,
  ): Promise<StoreEventList> {
    const params = new URLSearchParams();
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.cursor !== undefined) params.set('cursor', query.cursor);
    const qs = params.toString();
    return this.#request(
      'GET',
      `/stores/${encodeURIComponent(id)}/events${qs ? `?${qs}` : ''}`,
      options,
    );
  }

  async #request<T>(
    method: string,
    path: string,
    options: StoresRequestOptions | undefined,
    init: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const baseUrl = await this.#discovery.getBaseUrl('stores');
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf:
        options?.credentials ?? (await this.#auth.getOwnServiceCredentials()),
      targetPluginId: 'stores',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(init.body !== undefined
          ? { 'Content-Type': 'application/json' }
          : {}),
        ...init.headers,
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

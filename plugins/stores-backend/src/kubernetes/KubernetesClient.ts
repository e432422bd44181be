// Over 350 lines on purpose: the one door to the API server. Every request
// passes the same rate limit, lease guard, metrics and error handling here,
// which splitting by verb would scatter.
import { AsyncLocalStorage } from 'node:async_hooks';
import { hostname } from 'node:os';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { FIELD_MANAGER, isNotFoundError } from '@internal/plugin-stores-common';
import { useVerbatimLimitRanges } from '@internal/plugin-stores-node';
import type {
  Configuration,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  VersionApi,
} from '@kubernetes/client-node';
import type { StoresMetrics } from '../metrics/StoresMetrics';
import type { StoresConfig } from '../types';
import { TokenBucket } from './TokenBucket';
import { TimedWatch } from './TimedWatch';
import { checkWriteGuard } from './writeGuard';

/** A Kubernetes object as plain JSON (dates as strings), live or desired. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export type ObjectRef = Pick<KubeObject, 'apiVersion' | 'kind'> & {
  metadata: { name: string; namespace?: string };
};

export type RequestVerb = 'get' | 'list' | 'create' | 'apply' | 'delete';
const WRITE_VERBS: ReadonlySet<RequestVerb> = new Set([
  'create',
  'apply',
  'delete',
]);

/** The ESM-only client module, loaded once (the package is CommonJS). */
export type ClientModule = typeof import('@kubernetes/client-node');
let clientModule: Promise<ClientModule> | undefined;
export function loadClientModule(): Promise<ClientModule> {
  clientModule ??= import('@kubernetes/client-node');
  return clientModule;
}

/** How long a request may take when `stores.cluster.requestTimeoutSeconds` is unset. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

/**
 * The HTTP status of the request running in this async context, set by the
 * client's response middleware: the generated API only throws for errors,
 * so a success's status (200 or 201) is only seen there.
 */
const responseStatus = new AsyncLocalStorage<{ code?: number }>();

/** Package name and version, for the user agent. */
const PLUGIN_USER_AGENT = 'backstage-plugin-stores-backend/0.1.0';

/** The user agent the API server's audit log shows for one replica. */
export function storesUserAgent(replica: string): string {
  return `${PLUGIN_USER_AGENT} (replica ${replica})`;
}

/**
 * The only way the stores backend talks to the API server: every request
 * passes the client-side rate limit, is counted by verb (the benchmark
 * reports writes per store from these counts), gives up after
 * `stores.cluster.requestTimeoutSeconds` (a hung API server must not hold a
 * worker for ever) and names the plugin and the replica in its user agent
 * (the audit log then says which replica wrote what, not `node-fetch/1.0`).
 * A write passes the guard of its async context (writeGuard.ts: a reconcile
 * pass's lease) after the rate limit, right before it is sent.
 * Objects come back as plain JSON so live objects from requests and from
 * watches look the same.
 */
export class KubernetesClient {
  readonly #k8s: ClientModule;
  readonly #kubeConfig: KubeConfig;
  readonly #objects: KubernetesObjectApi;
  readonly #versions: VersionApi;
  readonly #limiter: TokenBucket;
  readonly #requestTimeoutMs: number;
  readonly userAgent: string;
  readonly #metrics?: StoresMetrics;
  readonly #counts: Record<RequestVerb, number> = {
    get: 0,
    list: 0,
    create: 0,
    apply: 0,
    delete: 0,
  };

  static async create(options: {
    cluster: StoresConfig['cluster'];
    logger: LoggerService;
    /**
     * Names this replica in the user agent (the reconciler's lease holder).
     * Default: `<hostname>:<pid>`.
     */
    replica?: string;
    /** Counts every request by verb and HTTP status. */
    metrics?: StoresMetrics;
  }): Promise<KubernetesClient> {
    const k8s = await loadClientModule();
    // Store namespaces carry a LimitRange: its default limits must survive the client.
    await useVerbatimLimitRanges();
    const kc = new k8s.KubeConfig();
    const { cluster } = options;
    if (cluster.inCluster) {
      kc.loadFromCluster();
    } else if (cluster.kubeconfigPath) {
      kc.loadFromFile(cluster.kubeconfigPath);
    } else {
      kc.loadFromDefault();
    }
    if (cluster.context) {
      kc.setCurrentContext(cluster.context);
    }
    const requestTimeoutSeconds =
      cluster.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS;
    options.logger.info('Kubernetes client configured', {
      server: kc.getCurrentCluster()?.server,
      context: cluster.inCluster ? 'in-cluster' : kc.getCurrentContext(),
      qps: cluster.qps,
      burst: cluster.burst,
      requestTimeoutSeconds,
    });
    return new KubernetesClient(k8s, kc, {
      limiter: TokenBucket.create(cluster),
      requestTimeoutMs: requestTimeoutSeconds * 1000,
      userAgent: storesUserAgent(
        options.replica ?? `${hostname()}:${process.pid}`,
      ),
      metrics: options.metrics,
    });
  }

  private constructor(
    k8s: ClientModule,
    kc: KubeConfig,
    options: {
      limiter: TokenBucket;
      requestTimeoutMs: number;
      userAgent: string;
      metrics?: StoresMetrics;
    },
  ) {
    this.#metrics = options.metrics;
    this.#k8s = k8s;
    this.#kubeConfig = kc;
    this.#limiter = options.limiter;
    this.#requestTimeoutMs = options.requestTimeoutMs;
    this.userAgent = options.userAgent;
    const configuration = this.#configuration();
    // Every object the reconciler sends names its namespace, so the client's
    // default namespace (what KubernetesObjectApi.makeApiClient sets) is unused.
    this.#objects = new k8s.KubernetesObjectApi(configuration);
    this.#versions = new k8s.VersionApi(configuration);
  }

  /**
   * The generated clients' configuration (what `kc.makeApiClient` builds)
   * plus one middleware: the user agent and a deadline on every request,
   * response body included.
   */
  #configuration(): Configuration {
    const k8s = this.#k8s;
    const server = this.#kubeConfig.getCurrentCluster()?.server;
    if (!server) {
      throw new Error('The Kubernetes configuration names no cluster server');
    }
    return k8s.createConfiguration({
      baseServer: new k8s.ServerConfiguration(server, {}),
      authMethods: { default: this.#kubeConfig },
      promiseMiddleware: [
        {
          pre: async context => {
            context.setHeaderParam('User-Agent', this.userAgent);
            context.setSignal(AbortSignal.timeout(this.#requestTimeoutMs));
            return context;
          },
          post: async response => {
            const seen = responseStatus.getStore();
            if (seen) {
              seen.code = response.httpStatusCode;
            }
            return response;
          },
        },
      ],
    });
  }

  /**
   * A `Watch` for client-node's informers, with the same user agent, a
   * deadline on connecting and a bounded lifetime (see {@link TimedWatch}).
   */
  watcher(): TimedWatch {
    return TimedWatch.create({
      kubeConfig: this.#kubeConfig,
      module: this.#k8s,
      userAgent: this.userAgent,
      connectTimeoutMs: this.#requestTimeoutMs,
    });
  }

  get kubeConfig(): KubeConfig {
    return this.#kubeConfig;
  }

  get module(): ClientModule {
    return this.#k8s;
  }

  /**
   * The namespace of the current context, as kubectl picks it: the backend's
   * own namespace in the cluster (`inCluster`), else the kubeconfig
   * context's namespace, else `default`.
   */
  get contextNamespace(): string {
    const context = this.#kubeConfig.getContextObject(
      this.#kubeConfig.getCurrentContext(),
    );
    return context?.namespace?.trim() || 'default';
  }

  /** Requests sent so far, by verb. */
  requestCounts(): Readonly<Record<RequestVerb, number>> {
    return { ...this.#counts };
  }

  /** Server-side apply under the stores field manager, taking ownership of conflicts. */
  async apply(object: KubeObject): Promise<KubeObject> {
    const result = await this.#send('apply', () =>
      this.#objects.patch(
        clone(object) as KubernetesObject,
        undefined,
        undefined,
        FIELD_MANAGER,
        true,
        this.#k8s.PatchStrategy.ServerSideApply,
      ),
    );
    return plain(result);
  }

  /** Plain create; rejects with 409 when the object exists. */
  async create(object: KubeObject): Promise<KubeObject> {
    const result = await this.#send('create', () =>
      this.#objects.create(
        clone(object) as KubernetesObject,
        undefined,
        undefined,
        FIELD_MANAGER,
      ),
    );
    return plain(result);
  }

  async read(ref: ObjectRef): Promise<KubeObject | undefined> {
    try {
      return plain(
        await this.#send('get', () =>
          this.#objects.read({
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            metadata: { ...ref.metadata },
          }),
        ),
      );
    } catch (error) {
      if (isNotFoundError(error)) {
        return undefined;
      }
      throw error;
    }
  }

  async list(options: {
    apiVersion: string;
    kind: string;
    namespace?: string;
    labelSelector?: string;
    fieldSelector?: string;
  }): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const result = await this.#send('list', () =>
      this.#objects.list(
        options.apiVersion,
        options.kind,
        options.namespace,
        undefined,
        undefined,
        undefined,
        options.fieldSelector,
        options.labelSelector,
      ),
    );
    const json = plain(result) as unknown as {
      items: KubeObject[];
      metadata?: { resourceVersion?: string };
    };
    // List items carry no apiVersion/kind; the watch cache keys on them.
    for (const item of json.items) {
      item.apiVersion ??= options.apiVersion;
      item.kind ??= options.kind;
    }
    return {
      items: json.items,
      resourceVersion: json.metadata?.resourceVersion ?? '',
    };
  }

  /** Deletes an object; false when it was already gone. */
  async delete(
    ref: ObjectRef,
    propagationPolicy: 'Foreground' | 'Background' | 'Orphan' = 'Background',
  ): Promise<boolean> {
    try {
      await this.#send('delete', () =>
        this.#objects.delete(
          {
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            metadata: { ...ref.metadata },
          },
          undefined,
          undefined,
          undefined,
          undefined,
          propagationPolicy,
        ),
      );
      return true;
    } catch (error) {
      if (isNotFoundError(error)) {
        return false;
      }
      throw error;
    }
  }

  /** GET /version: the cheapest authenticated request that proves the server answers. */
  async version(): Promise<string> {
    const info = await this.#send('get', () => this.#versions.getCode());
    return info.gitVersion;
  }

  /**
   * Rate limit, guard (writes), count, send; the metric gets the HTTP status
   * (or `timeout` / `error`). A write the guard refuses is not sent.
   */
  async #send<T>(verb: RequestVerb, request: () => Promise<T>): Promise<T> {
    await this.#limiter.acquire();
    if (WRITE_VERBS.has(verb)) {
      checkWriteGuard();
    }
    this.#counts[verb] += 1;
    const seen: { code?: number } = {};
    try {
      const result = await responseStatus.run(seen, request);
      this.#metrics?.recordKubernetesRequest(verb, String(seen.code ?? 200));
      return result;
    } catch (error) {
      this.#metrics?.recordKubernetesRequest(verb, failureCode(error, seen));
      throw error;
    }
  }
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** Typed client models (Date fields) back to the JSON the API server sent. */
function plain(value: unknown): KubeObject {
  return JSON.parse(JSON.stringify(value));
}

/** The HTTP status of a failed request; `timeout` or `error` when none came back. */
function failureCode(error: unknown, seen: { code?: number }): string {
  if (seen.code !== undefined) {
    return String(seen.code);
  }
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (typeof code === 'number') {
    return String(code);
  }
  return name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'error';
}

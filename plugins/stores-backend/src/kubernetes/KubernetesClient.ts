import type { LoggerService } from '@backstage/backend-plugin-api';
import { FIELD_MANAGER, isNotFoundError } from '@internal/plugin-stores-common';
import type {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import type { StoresConfig } from '../types';
import { TokenBucket } from './TokenBucket';

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

/** The ESM-only client module, loaded once (the package is CommonJS). */
export type ClientModule = typeof import('@kubernetes/client-node');
let clientModule: Promise<ClientModule> | undefined;
export function loadClientModule(): Promise<ClientModule> {
  clientModule ??= import('@kubernetes/client-node');
  return clientModule;
}

/**
 * The only way the stores backend talks to the API server: every request
 * passes the client-side rate limit and is counted by verb (the benchmark
 * reports writes per store from these counts). Objects come back as plain
 * JSON so live objects from requests and from watches look the same.
 */
export class KubernetesClient {
  readonly #k8s: ClientModule;
  readonly #kubeConfig: KubeConfig;
  readonly #objects: KubernetesObjectApi;
  readonly #limiter: TokenBucket;
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
  }): Promise<KubernetesClient> {
    const k8s = await loadClientModule();
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
    options.logger.info('Kubernetes client configured', {
      server: kc.getCurrentCluster()?.server,
      context: cluster.inCluster ? 'in-cluster' : kc.getCurrentContext(),
      qps: cluster.qps,
      burst: cluster.burst,
    });
    return new KubernetesClient(k8s, kc, TokenBucket.create(cluster));
  }

  private constructor(k8s: ClientModule, kc: KubeConfig, limiter: TokenBucket) {
    this.#k8s = k8s;
    this.#kubeConfig = kc;
    this.#objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    this.#limiter = limiter;
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
    await this.#before('apply');
    const result = await this.#objects.patch(
      clone(object) as KubernetesObject,
      undefined,
      undefined,
      FIELD_MANAGER,
      true,
      this.#k8s.PatchStrategy.ServerSideApply,
    );
    return plain(result);
  }

  /** Plain create; rejects with 409 when the object exists. */
  async create(object: KubeObject): Promise<KubeObject> {
    await this.#before('create');
    const result = await this.#objects.create(
      clone(object) as KubernetesObject,
      undefined,
      undefined,
      FIELD_MANAGER,
    );
    return plain(result);
  }

  async read(ref: ObjectRef): Promise<KubeObject | undefined> {
    await this.#before('get');
    try {
      return plain(
        await this.#objects.read({
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { ...ref.metadata },
        }),
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
    await this.#before('list');
    const result = await this.#objects.list(
      options.apiVersion,
      options.kind,
      options.namespace,
      undefined,
      undefined,
      undefined,
      options.fieldSelector,
      options.labelSelector,
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
    propagationPolicy: 'Foreground' | 'Background' = 'Background',
  ): Promise<boolean> {
    await this.#before('delete');
    try {
      await this.#objects.delete(
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
    await this.#before('get');
    const info = await this.#kubeConfig
      .makeApiClient(this.#k8s.VersionApi)
      .getCode();
    return info.gitVersion;
  }

  async #before(verb: RequestVerb) {
    await this.#limiter.acquire();
    this.#counts[verb] += 1;
  }
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** Typed client models (Date fields) back to the JSON the API server sent. */
function plain(value: unknown): KubeObject {
  return JSON.parse(JSON.stringify(value));
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  STORE_ID_LABEL,
} from '@internal/plugin-stores-common';
import type { Informer, ObjectCache } from '@kubernetes/client-node';
import type { KubeObject, KubernetesClient } from './KubernetesClient';
import { MANAGED_KINDS, ManagedKind } from './managedKinds';

export const MANAGED_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;

type KindInformer = Informer<KubeObject & { metadata: any }> &
  ObjectCache<KubeObject>;

/**
 * Watches every managed kind across namespaces (label selector
 * `app.kubernetes.io/managed-by=backstage-stores`) and keeps the objects in
 * memory. The reconciler reads live state from here, so a steady-state pass
 * sends no request at all; every watch event is mapped to its store id label
 * and reported, so a deleted Deployment wakes its store at once.
 * A watch that fails is restarted after a short delay (list + watch again).
 */
export class ManagedObjectCache {
  readonly #client: KubernetesClient;
  readonly #logger: LoggerService;
  readonly #informers = new Map<string, KindInformer>();
  readonly #listeners = new Set<(storeId: string) => void>();
  readonly #restartTimers = new Set<NodeJS.Timeout>();
  readonly #synced = new Set<string>();
  #stopped = false;

  static create(options: { client: KubernetesClient; logger: LoggerService }) {
    return new ManagedObjectCache(options.client, options.logger);
  }

  private constructor(client: KubernetesClient, logger: LoggerService) {
    this.#client = client;
    this.#logger = logger;
  }

  /**
   * Lists and starts watching every kind; resolves once every cache is filled
   * or its first list failed (that kind then keeps retrying in the background
   * and {@link ManagedObjectCache.isSynced} stays false until it succeeds).
   */
  async start(): Promise<void> {
    this.#stopped = false;
    await Promise.all(MANAGED_KINDS.map(kind => this.#startKind(kind)));
  }

  /** True once every kind has been listed and is being watched. */
  isSynced(): boolean {
    return this.#synced.size === MANAGED_KINDS.length;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#restartTimers) {
      clearTimeout(timer);
    }
    this.#restartTimers.clear();
    await Promise.all([...this.#informers.values()].map(i => i.stop()));
    this.#informers.clear();
  }

  /** Calls `listener` with the store id of every object that changes. */
  onStoreChanged(listener: (storeId: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): KubeObject | undefined {
    return this.#informers.get(key(apiVersion, kind))?.get(name, namespace);
  }

  list(apiVersion: string, kind: string, namespace?: string): KubeObject[] {
    const informer = this.#informers.get(key(apiVersion, kind));
    return informer ? [...informer.list(namespace)] : [];
  }

  async #startKind(kind: ManagedKind): Promise<void> {
    const k8s = this.#client.module;
    const listFn = async () => {
      const { items, resourceVersion } = await this.#client.list({
        apiVersion: kind.apiVersion,
        kind: kind.kind,
        labelSelector: MANAGED_SELECTOR,
      });
      items.forEach(item => redact(item));
      return { items, metadata: { resourceVersion } } as any;
    };
    const informer = k8s.makeInformer<any>(
      this.#client.kubeConfig,
      kind.path,
      listFn,
      MANAGED_SELECTOR,
    ) as KindInformer;
    const notify = (object: KubeObject) => {
      redact(object);
      const storeId = object.metadata?.labels?.[STORE_ID_LABEL];
      if (storeId) {
        for (const listener of this.#listeners) {
          listener(storeId);
        }
      }
    };
    informer.on('add', notify);
    informer.on('update', notify);
    informer.on('delete', notify);
    const kindKey = key(kind.apiVersion, kind.kind);
    informer.on('connect', () => this.#synced.add(kindKey));
    informer.on('error', (error: unknown) => {
      this.#synced.delete(kindKey);
      if (this.#stopped) {
        return;
      }
      this.#logger.warn(`Watch on ${kind.kind} failed; restarting in 2 s`, {
        error: String((error as Error)?.message ?? error).split('\n')[0],
      });
      const timer = setTimeout(() => {
        this.#restartTimers.delete(timer);
        if (!this.#stopped) {
          informer.start().catch(() => undefined);
        }
      }, 2000);
      this.#restartTimers.add(timer);
    });
    this.#informers.set(kindKey, informer);
    await informer.start();
  }
}

function key(apiVersion: string, kind: string) {
  return `${apiVersion}/${kind}`;
}

/**
 * The reconciler only needs to know that a Secret exists: drop its values
 * from memory as soon as they arrive (the cache holds this same object).
 */
export function redact(object: KubeObject) {
  if (object?.kind === 'Secret') {
    delete object.data;
    delete object.stringData;
  }
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  STORE_ID_LABEL,
} from '@internal/plugin-stores-common';
import type { KubeObject, KubernetesClient } from './KubernetesClient';
import { MANAGED_KINDS, ManagedKind, managedKind } from './managedKinds';
import { SyncedInformer } from './SyncedInformer';

export const MANAGED_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;

/**
 * Watches every managed kind across namespaces (label selector
 * `app.kubernetes.io/managed-by=backstage-stores`) and keeps the objects in
 * memory. The reconciler reads live state from here, so a steady-state pass
 * sends no request at all; every watch event is mapped to its store id label
 * and reported, so a deleted Deployment wakes its store at once.
 *
 * Secrets are never listed or watched across the cluster (RBAC cannot limit
 * list/watch by label, so that would need the right to read every Secret):
 * each Secret name the reconciler writes is watched on its own, with the
 * field selector `metadata.name=<name>`, which RBAC's `resourceNames` can
 * allow. Names are added as the reconciler meets them
 * ({@link ManagedObjectCache.watchSecret}); a Secret of another name is
 * invisible here.
 */
export class ManagedObjectCache {
  readonly #client: KubernetesClient;
  readonly #logger: LoggerService;
  readonly #kinds = new Map<string, SyncedInformer>();
  readonly #secrets = new Map<string, SyncedInformer>();
  readonly #listeners = new Set<(storeId: string) => void>();
  #stopped = false;

  static create(options: { client: KubernetesClient; logger: LoggerService }) {
    return new ManagedObjectCache(options.client, options.logger);
  }

  private constructor(client: KubernetesClient, logger: LoggerService) {
    this.#client = client;
    this.#logger = logger;
  }

  /**
   * Lists and starts watching every kind (and the Secret names given);
   * resolves once every cache is filled or its first list failed (that one
   * then keeps retrying in the background and
   * {@link ManagedObjectCache.isSynced} stays false until it succeeds).
   */
  async start(options: { secretNames?: string[] } = {}): Promise<void> {
    this.#stopped = false;
    for (const kind of MANAGED_KINDS) {
      if (!kind.watchedByName) {
        this.#kinds.set(key(kind.apiVersion, kind.kind), this.#informer(kind));
      }
    }
    await Promise.all([
      ...[...this.#kinds.values()].map(start),
      ...(options.secretNames ?? []).map(name => this.watchSecret(name)),
    ]);
  }

  /**
   * Watches the Secrets named `name` in every namespace (those with the
   * managed-by label), once; resolves when they are listed. Rejects when
   * that list failed (the watch keeps retrying in the background).
   */
  async watchSecret(name: string): Promise<void> {
    let informer = this.#secrets.get(name);
    if (!informer) {
      informer = this.#informer(managedKind('v1', 'Secret'), name);
      this.#secrets.set(name, informer);
    }
    await informer.start();
    if (!informer.isSynced()) {
      throw new Error(
        `Secrets named ${name} could not be listed yet (see the backend log)`,
      );
    }
  }

  /** True once every kind and Secret name has been listed and is being watched. */
  isSynced(): boolean {
    return (
      !this.#stopped &&
      this.#kinds.size > 0 &&
      [...this.#kinds.values(), ...this.#secrets.values()].every(i =>
        i.isSynced(),
      )
    );
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const informers = [...this.#kinds.values(), ...this.#secrets.values()];
    this.#kinds.clear();
    this.#secrets.clear();
    await Promise.all(informers.map(i => i.stop()));
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
    if (apiVersion === 'v1' && kind === 'Secret') {
      return this.#secrets.get(name)?.get(name, namespace);
    }
    return this.#kinds.get(key(apiVersion, kind))?.get(name, namespace);
  }

  /** Cached objects of a kind (for Secrets: of the watched names only). */
  list(apiVersion: string, kind: string, namespace?: string): KubeObject[] {
    if (apiVersion === 'v1' && kind === 'Secret') {
      return [...this.#secrets.values()].flatMap(i => i.list(namespace));
    }
    return this.#kinds.get(key(apiVersion, kind))?.list(namespace) ?? [];
  }

  /** How much the cache holds: objects, and their size as JSON (for the benchmark). */
  stats(): { objects: number; bytes: number } {
    const all = [...this.#kinds.values(), ...this.#secrets.values()].flatMap(
      informer => informer.list(),
    );
    return {
      objects: all.length,
      bytes: all.reduce((sum, o) => sum + JSON.stringify(o).length, 0),
    };
  }

  #informer(kind: ManagedKind, name?: string): SyncedInformer {
    const fieldSelector = name ? `metadata.name=${name}` : undefined;
    return SyncedInformer.create({
      client: this.#client,
      logger: this.#logger,
      description: name ? `${kind.kind} ${name}` : kind.kind,
      path: kind.path,
      apiVersion: kind.apiVersion,
      kind: kind.kind,
      labelSelector: MANAGED_SELECTOR,
      fieldSelector,
      transform: redact,
      onChange: object => {
        const storeId = object.metadata?.labels?.[STORE_ID_LABEL];
        if (storeId) {
          this.#listeners.forEach(listener => listener(storeId));
        }
      },
    });
  }
}

function key(apiVersion: string, kind: string) {
  return `${apiVersion}/${kind}`;
}

/** A first list that fails is retried by the informer; start() does not reject for it. */
function start(informer: SyncedInformer): Promise<void> {
  return informer.start().catch(() => undefined);
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

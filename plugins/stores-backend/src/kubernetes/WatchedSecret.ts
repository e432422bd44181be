import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubeObject, KubernetesClient } from './KubernetesClient';
import { SyncedInformer } from './SyncedInformer';

/**
 * One Secret outside the stores' namespaces that the reconciler copies into
 * them (the TLS certificate of `stores.tlsSecretName`), watched by name in
 * its namespace (field selector `metadata.name`, so RBAC may grant it with
 * `resourceNames`). Unlike the managed-object cache this keeps the Secret's
 * data in memory: the copies need it. Nothing here logs or reports the data.
 * A failed watch is listed and watched again after 2 s.
 */
export class WatchedSecret {
  readonly namespace: string;
  readonly name: string;
  readonly #informer: SyncedInformer;
  readonly #listeners = new Set<() => void>();

  static create(options: {
    client: KubernetesClient;
    logger: LoggerService;
    namespace: string;
    name: string;
  }) {
    return new WatchedSecret(options);
  }

  private constructor(options: Parameters<typeof WatchedSecret.create>[0]) {
    this.namespace = options.namespace;
    this.name = options.name;
    this.#informer = SyncedInformer.create({
      client: options.client,
      logger: options.logger,
      description: `Secret ${this.namespace}/${this.name}`,
      path: `/api/v1/namespaces/${this.namespace}/secrets`,
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: this.namespace,
      fieldSelector: `metadata.name=${this.name}`,
      onChange: () => this.#listeners.forEach(listener => listener()),
    });
  }

  /** Lists and watches; resolves once listed, or once the first list failed (retried in the background). */
  async start(): Promise<void> {
    await this.#informer.start().catch(() => undefined);
  }

  /** True once the Secret (or its absence) has been listed and is being watched. */
  isSynced(): boolean {
    return this.#informer.isSynced();
  }

  /** The Secret with its data, or undefined when it does not exist. */
  get(): KubeObject | undefined {
    return this.#informer.get(this.name, this.namespace);
  }

  /** Calls `listener` whenever the Secret is added, changed or deleted. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async stop(): Promise<void> {
    await this.#informer.stop();
  }
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Informer, ObjectCache } from '@kubernetes/client-node';
import type { KubeObject, KubernetesClient } from './KubernetesClient';

type SecretInformer = Informer<KubeObject & { metadata: any }> &
  ObjectCache<KubeObject>;

/**
 * One Secret outside the stores' namespaces that the reconciler copies into
 * them (the TLS certificate of `stores.tlsSecretName`), watched by name.
 * Unlike the managed-object cache this keeps the Secret's data in memory: the
 * copies need it. Nothing here logs or reports the data. A failed watch is
 * listed and watched again after 2 s.
 */
export class WatchedSecret {
  readonly namespace: string;
  readonly name: string;
  readonly #client: KubernetesClient;
  readonly #logger: LoggerService;
  readonly #listeners = new Set<() => void>();
  #informer?: SecretInformer;
  #restartTimer?: NodeJS.Timeout;
  #synced = false;
  #stopped = false;
  #errors = 0;

  static create(options: {
    client: KubernetesClient;
    logger: LoggerService;
    namespace: string;
    name: string;
  }) {
    return new WatchedSecret(options);
  }

  private constructor(options: Parameters<typeof WatchedSecret.create>[0]) {
    this.#client = options.client;
    this.#logger = options.logger;
    this.namespace = options.namespace;
    this.name = options.name;
  }

  /** Lists and watches; resolves once listed, or once the first list failed (retried in the background). */
  async start(): Promise<void> {
    this.#stopped = false;
    const k8s = this.#client.module;
    const fieldSelector = `metadata.name=${this.name}`;
    const informer = new k8s.ListWatch<any>(
      `/api/v1/namespaces/${this.namespace}/secrets`,
      new k8s.Watch(this.#client.kubeConfig),
      async () => {
        const { items, resourceVersion } = await this.#client.list({
          apiVersion: 'v1',
          kind: 'Secret',
          namespace: this.namespace,
          fieldSelector,
        });
        return { items, metadata: { resourceVersion } } as any;
      },
      false,
      undefined,
      fieldSelector,
    ) as SecretInformer;
    const changed = () => this.#listeners.forEach(listener => listener());
    informer.on('add', changed);
    informer.on('update', changed);
    informer.on('delete', changed);
    informer.on('error', (error: unknown) => {
      this.#errors += 1;
      this.#synced = false;
      if (this.#stopped) {
        return;
      }
      this.#logger.warn(
        `Watch on Secret ${this.namespace}/${this.name} failed; restarting in 2 s`,
        { error: String((error as Error)?.message ?? error).split('\n')[0] },
      );
      clearTimeout(this.#restartTimer);
      this.#restartTimer = setTimeout(() => {
        if (!this.#stopped) {
          this.#run(informer).catch(() => undefined);
        }
      }, 2000);
    });
    this.#informer = informer;
    await this.#run(informer);
  }

  async #run(informer: SecretInformer) {
    const errorsBefore = this.#errors;
    await informer.start();
    // start() resolves after the list (and the watch request); an error on
    // the way has been reported to the handler above instead.
    if (this.#errors === errorsBefore && !this.#stopped) {
      this.#synced = true;
    }
  }

  /** True once the Secret (or its absence) has been listed and is being watched. */
  isSynced(): boolean {
    return this.#synced;
  }

  /** The Secret with its data, or undefined when it does not exist. */
  get(): KubeObject | undefined {
    return this.#informer?.get(this.name, this.namespace);
  }

  /** Calls `listener` whenever the Secret is added, changed or deleted. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#synced = false;
    clearTimeout(this.#restartTimer);
    await this.#informer?.stop();
  }
}

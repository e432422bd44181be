import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Informer, ObjectCache } from '@kubernetes/client-node';
import type { KubeObject, KubernetesClient } from './KubernetesClient';

type ListWatchInformer = Informer<KubeObject & { metadata: any }> &
  ObjectCache<KubeObject>;

/** How long a failed watch waits before it is listed and watched again. */
export const WATCH_RESTART_DELAY_MS = 2000;

/**
 * One list + watch of one collection (client-node's ListWatch), with the
 * bookkeeping the reconciler relies on:
 *
 * - it counts as synced only once its initial list has been stored (the
 *   ListWatch's own `connect` event fires before the list, so an empty cache
 *   would look complete and a pass would re-create everything);
 * - a failed list or watch marks it unsynced and starts it again after
 *   {@link WATCH_RESTART_DELAY_MS}. The cache is kept across the restart and
 *   the watch resumes from the last resourceVersion (a relist only after
 *   410 Gone), so a pass right after a restart sees the same objects as
 *   before and re-applies nothing.
 */
export class SyncedInformer {
  readonly description: string;
  readonly #informer: ListWatchInformer;
  readonly #logger: LoggerService;
  #synced = false;
  #stopped = false;
  #errors = 0;
  #restartTimer?: NodeJS.Timeout;
  #firstStart?: Promise<void>;

  static create(options: {
    client: KubernetesClient;
    logger: LoggerService;
    /** For log lines, e.g. `Deployment` or `Secret store-credentials`. */
    description: string;
    /** Collection path for the watch (all namespaces or one). */
    path: string;
    apiVersion: string;
    kind: string;
    namespace?: string;
    labelSelector?: string;
    fieldSelector?: string;
    /** Called on every object as it arrives, before it is stored (e.g. to drop Secret values). */
    transform?: (object: KubeObject) => void;
    /** Called after every add, update and delete. */
    onChange?: (object: KubeObject) => void;
  }): SyncedInformer {
    return new SyncedInformer(options);
  }

  private constructor(options: Parameters<typeof SyncedInformer.create>[0]) {
    const { client, transform, onChange } = options;
    this.description = options.description;
    this.#logger = options.logger;
    const k8s = client.module;
    const list = async () => {
      const { items, resourceVersion } = await client.list({
        apiVersion: options.apiVersion,
        kind: options.kind,
        namespace: options.namespace,
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
      });
      if (transform) {
        items.forEach(transform);
      }
      return { items, metadata: { resourceVersion } } as any;
    };
    this.#informer = new k8s.ListWatch<any>(
      options.path,
      client.watcher() as any,
      list,
      false,
      options.labelSelector,
      options.fieldSelector,
    ) as ListWatchInformer;
    const changed = (object: KubeObject) => {
      transform?.(object);
      onChange?.(object);
    };
    this.#informer.on('add', changed);
    this.#informer.on('update', changed);
    this.#informer.on('delete', changed);
    this.#informer.on('error', (error: unknown) => this.#failed(error));
  }

  /**
   * Lists and watches. Resolves once the list is stored and the watch
   * answered, or once that failed (it is then retried in the background and
   * {@link SyncedInformer.isSynced} stays false until it succeeds).
   */
  start(): Promise<void> {
    this.#stopped = false;
    this.#firstStart ??= this.#run();
    return this.#firstStart;
  }

  isSynced(): boolean {
    return this.#synced;
  }

  get(name: string, namespace?: string): KubeObject | undefined {
    return this.#informer.get(name, namespace);
  }

  list(namespace?: string): KubeObject[] {
    return [...this.#informer.list(namespace)];
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#synced = false;
    clearTimeout(this.#restartTimer);
    await this.#informer.stop();
  }

  async #run(): Promise<void> {
    const errorsBefore = this.#errors;
    // start() resolves after the list is stored and the watch request
    // answered; a failure on the way went to the error handler instead.
    await this.#informer.start();
    if (this.#errors === errorsBefore && !this.#stopped) {
      this.#synced = true;
    }
  }

  #failed(error: unknown) {
    this.#errors += 1;
    this.#synced = false;
    if (this.#stopped) {
      return;
    }
    this.#logger.warn(
      `Watch on ${this.description} failed; restarting in ${WATCH_RESTART_DELAY_MS} ms`,
      { error: String((error as Error)?.message ?? error).split('\n')[0] },
    );
    clearTimeout(this.#restartTimer);
    this.#restartTimer = setTimeout(() => {
      if (!this.#stopped) {
        this.#run().catch(() => undefined);
      }
    }, WATCH_RESTART_DELAY_MS);
  }
}

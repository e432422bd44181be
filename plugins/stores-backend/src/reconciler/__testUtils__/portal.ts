import type { Store, StoreEvent } from '@internal/plugin-stores-common';
import type { WooCommerceEngineOptions } from '@internal/plugin-stores-backend-module-woocommerce';
import type { Knex } from 'knex';
import type { KnexStoresDatabase } from '../../database/KnexStoresDatabase';
import type { KubernetesClient } from '../../kubernetes/KubernetesClient';
import type { StoresMetrics } from '../../metrics/StoresMetrics';
import type { StoresConfig } from '../../types';
import type { Reconciler } from '../Reconciler';
import { deleteNamespace } from './cluster';
import {
  createTestStore,
  RecordingNotifier,
  startReconciler,
  waitForStore,
} from './harness';
import { createSqliteStoresDatabase } from './sqliteStoresDatabase';
import { testStoresConfig } from './testConfig';

/**
 * One stores portal as the cluster suites run it: the real database on
 * SQLite, a started reconciler with the WooCommerce engine, and its
 * Kubernetes client, beside the admin client a test arranges and checks
 * with. It remembers the namespaces of the stores it created, so a suite
 * deletes them after it with `dispose()`.
 */
export interface TestPortal {
  readonly database: KnexStoresDatabase;
  readonly knex: Knex;
  readonly reconciler: Reconciler;
  /** The reconciler's client (its request counts are the reconciler's). */
  readonly kube: KubernetesClient;
  /** The test's own hand: foreign objects, edits by someone else, checks, clean-up. */
  readonly admin: KubernetesClient;
  readonly notifier: RecordingNotifier;
  /** A new store's row (not enqueued); its namespace is deleted by `dispose()`. */
  createStore(name: string, extra?: { sampleData?: boolean }): Promise<Store>;
  /** `createStore`, then enqueued for the reconciler. */
  provision(name: string): Promise<Store>;
  /** Has `dispose()` delete a namespace the test made itself. */
  deleteAfter(namespace: string): void;
  /** Marks the store for deletion (as a person would) and enqueues it. */
  requestDeletion(id: string): Promise<void>;
  /** Polls the store's row until `predicate` holds (see `waitForStore`). */
  waitForStore(
    id: string,
    predicate: (store: Store | undefined) => boolean,
    timeoutMs?: number,
  ): Promise<Store | undefined>;
  /** The store's events, oldest first. */
  events(id: string): Promise<StoreEvent[]>;
  /** Stops the reconciler; the database and the namespaces stay. */
  stop(): Promise<void>;
  /** Stops the reconciler, deletes the namespaces and closes the database. */
  dispose(): Promise<void>;
}

export async function startTestPortal(
  options: {
    config?: StoresConfig;
    engineOptions?: WooCommerceEngineOptions;
    /** A database file several processes share; in memory by default. */
    databaseFile?: string;
    /** Instruments for the reconciler and its client (none by default). */
    metrics?: StoresMetrics;
  } = {},
): Promise<TestPortal> {
  const { database, knex } = await createSqliteStoresDatabase(
    options.databaseFile,
  );
  const { reconciler, kube, admin, notifier } = await startReconciler({
    config: options.config ?? testStoresConfig(),
    database,
    engineOptions: options.engineOptions,
    metrics: options.metrics,
  });
  const namespaces = new Set<string>();
  let disposed = false;
  const createStore = async (
    name: string,
    extra?: { sampleData?: boolean },
  ) => {
    const store = await createTestStore(database, name, extra);
    namespaces.add(store.namespace);
    return store;
  };
  return {
    database,
    knex,
    reconciler,
    kube,
    admin,
    notifier,
    createStore,
    async provision(name) {
      const store = await createStore(name);
      reconciler.enqueue(store.id);
      return store;
    },
    deleteAfter: namespace => namespaces.add(namespace),
    async requestDeletion(id) {
      await database.markDeleting(id, 'user:default/tester');
      reconciler.enqueue(id);
    },
    waitForStore: (id, predicate, timeoutMs) =>
      waitForStore(database, id, predicate, timeoutMs),
    events: async id => (await database.listEvents(id, { limit: 500 })).items,
    stop: () => reconciler.stop(),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await reconciler.stop();
      for (const namespace of namespaces) {
        await deleteNamespace(admin, namespace);
      }
      await knex.destroy();
    },
  };
}

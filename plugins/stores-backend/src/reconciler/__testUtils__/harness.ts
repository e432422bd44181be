import type { SchedulerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  createStoreRequestSchema,
  Store,
} from '@internal/plugin-stores-common';
import type { StoreEngine } from '@internal/plugin-stores-node';
import type { StoresDatabase } from '../../database/StoresDatabase';
import {
  WooCommerceEngine,
  WooCommerceEngineOptions,
} from '@internal/plugin-stores-backend-module-woocommerce';
import { KubernetesClient } from '../../kubernetes/KubernetesClient';
import type { StoresMetrics } from '../../metrics/StoresMetrics';
import type { StoreChangeNotifier, StoresConfig } from '../../types';
import { Reconciler } from '../Reconciler';
import { asChartServiceAccount, testStoresConfig } from './testConfig';

/** Records notifier calls. */
export class RecordingNotifier implements StoreChangeNotifier {
  readonly calls: Array<{ store: Store; deleted: boolean }> = [];
  async storeChanged(store: Store, options?: { deleted?: boolean }) {
    this.calls.push({ store, deleted: Boolean(options?.deleted) });
  }
}

/** A scheduler that only records tasks; tests trigger resyncs explicitly. */
export function recordingScheduler(): SchedulerService & { tasks: string[] } {
  const tasks: string[] = [];
  return {
    tasks,
    scheduleTask: async (task: { id: string }) => {
      tasks.push(task.id);
    },
    triggerTask: async () => {},
    createScheduledTaskRunner: () => ({ run: async () => {} }),
    getScheduledTasks: async () => [],
  } as unknown as SchedulerService & { tasks: string[] };
}

export async function startReconciler(options: {
  config: StoresConfig;
  database: StoresDatabase;
  engineOptions?: WooCommerceEngineOptions;
  holder?: string;
  metrics?: StoresMetrics;
}) {
  const logger = mockServices.rootLogger({
    level: (process.env.STORES_TEST_LOG as any) ?? 'error',
  });
  const kube = await KubernetesClient.create({
    cluster: await asChartServiceAccount(
      options.config.cluster,
      options.config.settings.tlsSecretName,
    ),
    logger,
    metrics: options.metrics,
  });
  // The test's own hand (foreign objects, edits by someone else, clean-up):
  // the admin, not the account the reconciler runs as.
  const admin = await KubernetesClient.create({
    cluster: testStoresConfig().cluster,
    logger,
  });
  const notifier = new RecordingNotifier();
  const engine = WooCommerceEngine.create(options.engineOptions);
  const reconciler = Reconciler.create({
    config: options.config,
    database: options.database,
    engines: new Map<string, StoreEngine>([[engine.id, engine]]),
    notifier,
    logger,
    scheduler: recordingScheduler(),
    kube,
    holder: options.holder,
    metrics: options.metrics,
  });
  await reconciler.start();
  return { reconciler, kube, admin, notifier };
}

export async function createTestStore(
  database: StoresDatabase,
  name: string,
  extra: { sampleData?: boolean } = {},
): Promise<Store> {
  const { store } = await database.createStore({
    request: createStoreRequestSchema.parse({
      name,
      displayName: `Shop ${name}`,
      owner: 'group:default/team-a',
      options:
        extra.sampleData === undefined ? {} : { sampleData: extra.sampleData },
    }),
    namespace: `store-${name}`,
    createdBy: 'user:default/tester',
    limits: { perOwner: 1000, total: 1000 },
  });
  return store;
}

/** Polls the row until `predicate` holds; fails with the last state seen. */
export async function waitForStore(
  database: StoresDatabase,
  id: string,
  predicate: (store: Store | undefined) => boolean,
  timeoutMs = 60_000,
): Promise<Store | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last: Store | undefined;
  for (;;) {
    last = await database.getStore(id);
    if (predicate(last)) {
      return last;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Store ${id} did not reach the expected state in ${timeoutMs} ms; last seen: ${JSON.stringify(
          last && {
            phase: last.phase,
            failureReason: last.failureReason,
            conditions: last.conditions,
          },
        )}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

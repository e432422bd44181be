import { randomBytes } from 'node:crypto';
import type { LifecycleService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { StoreEngine } from '@internal/plugin-stores-node';
import type { KnexStoresDatabase } from '../database/KnexStoresDatabase';
import { WooCommerceEngine } from '@internal/plugin-stores-backend-module-woocommerce';
import { KubernetesClient } from '../kubernetes/KubernetesClient';
import { describeWithCluster } from '@internal/plugin-stores-test-utils';
import {
  asChartServiceAccount,
  createSqliteStoresDatabase,
  createTestStore,
  RecordingNotifier,
  recordingScheduler,
  testStoresConfig,
  waitForStore,
} from './__testUtils__';
import { ReconcilerService } from './ReconcilerService';

jest.setTimeout(120_000);

/** The real database, except that listing live stores fails while `down` is set. */
function flaky(database: KnexStoresDatabase, state: { down: boolean }) {
  return new Proxy(database, {
    get(target, property) {
      if (property === 'listLiveStoreIds') {
        return async () => {
          if (state.down) {
            throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
          }
          return target.listLiveStoreIds();
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describeWithCluster('ReconcilerService start-up', () => {
  it('retries until the database answers, readiness saying so meanwhile, then reconciles the live stores', async () => {
    const { database, knex } = await createSqliteStoresDatabase();
    const state = { down: true };
    const shutdownHooks: Array<() => void | Promise<void>> = [];
    const lifecycle = {
      addShutdownHook: (hook: () => void | Promise<void>) =>
        shutdownHooks.push(hook),
      addStartupHook: () => {},
      addBeforeShutdownHook: () => {},
    } as unknown as LifecycleService;
    const engine = WooCommerceEngine.create();
    const store = await createTestStore(
      database,
      `t${randomBytes(3).toString('hex')}-late-db`,
    );
    const adminConfig = testStoresConfig({
      reconciler: { backoffBaseMs: 100, backoffMaxMs: 400 },
    });
    const config = {
      ...adminConfig,
      cluster: await asChartServiceAccount(adminConfig.cluster),
    };
    const logger = mockServices.rootLogger({ level: 'error' });
    const service = await ReconcilerService.create({
      config,
      database: flaky(database, state),
      engines: new Map<string, StoreEngine>([[engine.id, engine]]),
      notifier: new RecordingNotifier(),
      logger,
      scheduler: recordingScheduler(),
      lifecycle,
    });
    const readiness = () =>
      service.reconcilerHealth.check().then(
        () => 'ready',
        (error: Error) => error.message,
      );
    try {
      for (let i = 0; i < 300 && (await readiness()) === 'ready'; i++) {
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      expect(await readiness()).toBe(
        'reconciler waiting for the database (connect ECONNREFUSED 127.0.0.1:5432)',
      );
      expect((await database.getStore(store.id))?.phase).toBe('pending');

      state.down = false;
      // Nobody enqueues the store: the start-up read finds it once it succeeds.
      const ready = await waitForStore(
        database,
        store.id,
        s => s?.phase === 'ready' || s?.phase === 'failed',
      );
      expect(ready?.phase).toBe('ready');
      expect(await readiness()).toBe('ready');
    } finally {
      for (const hook of shutdownHooks) await hook();
      const kube = await KubernetesClient.create({
        cluster: adminConfig.cluster,
        logger,
      });
      await kube
        .delete({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: store.namespace },
        })
        .catch(() => undefined);
      await knex.destroy();
    }
  });
});

import {
  MANAGED_BY_LABEL,
  STORE_ID_LABEL,
  STORE_SLUG_LABEL,
} from '@internal/plugin-stores-common';
import type { KubernetesObjectApi } from '@kubernetes/client-node';
import type { KnexStoresDatabase } from '../database/KnexStoresDatabase';
import type {
  KubeObject,
  KubernetesClient,
} from '../kubernetes/KubernetesClient';
import { describeWithCluster } from '@internal/plugin-stores-test-utils';
import {
  createSqliteStoresDatabase,
  createTestStore,
  startReconciler,
  testStoresConfig,
  uniqueStoreNames,
  waitForStore,
} from './__testUtils__';
import { NAMESPACE_DELETED_CONDITION } from './deletion';
import type { Reconciler } from './Reconciler';
import { COPIED_FROM_ANNOTATION } from './tlsSecret';

jest.setTimeout(240_000);

const { run, storeName } = uniqueStoreNames();
const sourceNamespace = `t${run}-certificates`;
const tlsSecretName = `t${run}-wildcard-tls`;
const HOLD_FINALIZER = 'stores.test/hold';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Polls `read` until `predicate` holds; fails with the last value seen. */
async function waitFor<T>(
  read: () => Promise<T>,
  predicate: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (predicate(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(
          value,
        )?.slice(0, 1000)}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

describeWithCluster(
  'Reconciler: the TLS Secret copy and a namespace stuck terminating',
  () => {
    let database: KnexStoresDatabase;
    let reconciler: Reconciler;
    let kube: KubernetesClient;
    let objects: KubernetesObjectApi;
    const namespaces: string[] = [sourceNamespace];

    const secretRef = (namespace: string) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: tlsSecretName, namespace },
    });

    beforeAll(async () => {
      ({ database } = await createSqliteStoresDatabase());
      const config = testStoresConfig({
        // A short timeout, so the stuck namespace is reported within the test.
        reconciler: { namespaceDeletionTimeoutSeconds: 2 },
      });
      config.settings = { ...config.settings, tlsSecretName };
      config.tlsSecretNamespace = sourceNamespace;
      ({ reconciler, kube } = await startReconciler({ config, database }));
      objects = kube.module.KubernetesObjectApi.makeApiClient(kube.kubeConfig);
      await objects.create({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: sourceNamespace },
      });
      await objects.create({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: tlsSecretName, namespace: sourceNamespace },
        type: 'kubernetes.io/tls',
        data: { 'tls.crt': b64('certificate 1'), 'tls.key': b64('key 1') },
      } as any);
    });

    afterAll(async () => {
      await reconciler?.stop();
      for (const namespace of namespaces) {
        await kube
          .delete({
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: namespace },
          })
          .catch(() => undefined);
      }
    });

    it('copies the TLS Secret into the store namespace, labelled as the store, and keeps the copy in sync', async () => {
      const store = await createTestStore(database, storeName('tls'));
      namespaces.push(store.namespace);
      reconciler.enqueue(store.id);
      const ready = await waitForStore(
        database,
        store.id,
        s => s?.phase === 'ready' || s?.phase === 'failed',
      );
      expect(ready?.phase).toBe('ready');

      const copy = await kube.read(secretRef(store.namespace));
      expect(copy).toBeDefined();
      expect(copy!.type).toBe('kubernetes.io/tls');
      expect(copy!.data).toEqual({
        'tls.crt': b64('certificate 1'),
        'tls.key': b64('key 1'),
      });
      expect(copy!.metadata.labels).toMatchObject({
        [MANAGED_BY_LABEL]: 'backstage-stores',
        [STORE_ID_LABEL]: store.id,
        [STORE_SLUG_LABEL]: store.name,
        'app.kubernetes.io/part-of': store.name,
      });
      expect(copy!.metadata.annotations?.[COPIED_FROM_ANNOTATION]).toBe(
        `${sourceNamespace}/${tlsSecretName}`,
      );
      const ingress = await kube.read({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'storefront', namespace: store.namespace },
      });
      expect((ingress!.spec as any).tls).toEqual([
        { hosts: [`${store.name}.stores.test`], secretName: tlsSecretName },
      ]);

      // A renewed certificate reaches the copy through the watch on the source.
      const source = (await kube.read(secretRef(sourceNamespace)))!;
      await objects.replace({
        ...source,
        data: { 'tls.crt': b64('certificate 2'), 'tls.key': b64('key 2') },
      } as any);
      const renewed = await waitFor(
        () => kube.read(secretRef(store.namespace)),
        secret =>
          (secret?.data as Record<string, string> | undefined)?.['tls.crt'] ===
          b64('certificate 2'),
      );
      expect(renewed!.data).toEqual({
        'tls.crt': b64('certificate 2'),
        'tls.key': b64('key 2'),
      });

      // At rest, a resync re-applies nothing: the copy's hash matches.
      await reconciler.whenIdle();
      await new Promise(resolve => setTimeout(resolve, 500));
      await reconciler.whenIdle();
      const before = kube.requestCounts();
      await reconciler.resync();
      await reconciler.whenIdle();
      const after = kube.requestCounts();
      expect({
        create: after.create - before.create,
        apply: after.apply - before.apply,
      }).toEqual({ create: 0, apply: 0 });

      // Nothing of the Secret's values went to the store's events.
      const events = (await database.listEvents(store.id, { limit: 100 }))
        .items;
      const text = JSON.stringify(events);
      for (const value of [
        'certificate',
        'key 1',
        b64('key 1'),
        b64('key 2'),
      ]) {
        expect(text).not.toContain(value);
      }
    });

    it('reports a namespace held in Terminating by a finalizer (Warning event, condition), and completes the deletion once it is released', async () => {
      const store = await createTestStore(database, storeName('stuck'));
      namespaces.push(store.namespace);
      reconciler.enqueue(store.id);
      await waitForStore(database, store.id, s => s?.phase === 'ready');
      const held = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'held',
          namespace: store.namespace,
          finalizers: [HOLD_FINALIZER],
        },
      };
      await objects.create(held);

      await database.markDeleting(store.id, 'user:default/tester');
      reconciler.enqueue(store.id);
      const stuck = await waitForStore(database, store.id, s =>
        Boolean(
          s?.conditions.find(
            c =>
              c.type === NAMESPACE_DELETED_CONDITION &&
              c.reason === 'Stuck' &&
              c.message.includes(HOLD_FINALIZER),
          ),
        ),
      );
      expect(stuck!.phase).toBe('deleting');
      expect(
        stuck!.conditions.find(c => c.type === NAMESPACE_DELETED_CONDITION),
      ).toMatchObject({
        status: 'False',
        reason: 'Stuck',
        message: expect.stringMatching(
          new RegExp(
            `^Namespace ${store.namespace} has been terminating since .* \\(over 2 s\\): .*${HOLD_FINALIZER}`,
          ),
        ),
      });
      const warnings = (
        await database.listEvents(store.id, { limit: 100 })
      ).items.filter(e => e.reason === 'DeletionStuck');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({
        type: 'Warning',
        message: expect.stringContaining(
          `Namespace ${store.namespace} has been terminating`,
        ),
      });

      // Release the finalizer: the namespace goes, and the store with it.
      const live = (await kube.read(held)) as KubeObject;
      await objects.replace({
        ...live,
        metadata: { ...live.metadata, finalizers: [] },
      } as any);
      await waitForStore(database, store.id, s => s === undefined, 180_000);
      expect(
        await kube.read({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: store.namespace },
        }),
      ).toBeUndefined();
      const reasons = (
        await database.listEvents(store.id, { limit: 100 })
      ).items.map(e => e.reason);
      expect(reasons.filter(r => r === 'DeletionStuck')).toHaveLength(1);
      expect(reasons[reasons.length - 1]).toBe('Deleted');
    });
  },
);

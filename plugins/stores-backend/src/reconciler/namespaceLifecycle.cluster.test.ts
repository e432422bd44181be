import {
  MANAGED_BY_LABEL,
  STORE_ID_LABEL,
  STORE_SLUG_LABEL,
} from '@internal/plugin-stores-common';
import type { KubernetesObjectApi } from '@kubernetes/client-node';
import type { KubeObject } from '../kubernetes/KubernetesClient';
import {
  describeReconcilerSuite,
  settled,
  testStoresConfig,
  uniqueStoreNames,
  waitFor,
  writesByResync,
} from './__testUtils__';
import { NAMESPACE_DELETED_CONDITION } from './deletion';
import { COPIED_FROM_ANNOTATION } from './tlsSecret';

jest.setTimeout(240_000);

const { run, storeName } = uniqueStoreNames();
const sourceNamespace = `t${run}-certificates`;
const tlsSecretName = `t${run}-wildcard-tls`;
const HOLD_FINALIZER = 'stores.test/hold';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** The store configuration of this suite: a TLS Secret to copy, a short deletion timeout. */
function suiteConfig() {
  const config = testStoresConfig({
    // A short timeout, so the stuck namespace is reported within the test.
    reconciler: { namespaceDeletionTimeoutSeconds: 2 },
  });
  config.settings = { ...config.settings, tlsSecretName };
  config.tlsSecretNamespace = sourceNamespace;
  return config;
}

describeReconcilerSuite(
  'Reconciler: the TLS Secret copy and a namespace stuck terminating',
  { config: suiteConfig() },
  portal => {
    let objects: KubernetesObjectApi;

    const secretRef = (namespace: string) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: tlsSecretName, namespace },
    });

    beforeAll(async () => {
      const { admin } = portal;
      objects = admin.module.KubernetesObjectApi.makeApiClient(
        admin.kubeConfig,
      );
      portal.deleteAfter(sourceNamespace);
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

    it('copies the TLS Secret into the store namespace, labelled as the store, and keeps the copy in sync', async () => {
      const store = await portal.provision(storeName('tls'));
      const ready = await portal.waitForStore(store.id, settled);
      expect(ready?.phase).toBe('ready');

      const copy = await portal.admin.read(secretRef(store.namespace));
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
      const ingress = await portal.admin.read({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'storefront', namespace: store.namespace },
      });
      expect((ingress!.spec as any).tls).toEqual([
        { hosts: [`${store.name}.stores.test`], secretName: tlsSecretName },
      ]);

      // A renewed certificate reaches the copy through the watch on the source.
      const source = (await portal.admin.read(secretRef(sourceNamespace)))!;
      await objects.replace({
        ...source,
        data: { 'tls.crt': b64('certificate 2'), 'tls.key': b64('key 2') },
      } as any);
      const renewed = await waitFor(
        'the renewed certificate in the copy',
        () => portal.admin.read(secretRef(store.namespace)),
        secret =>
          (secret?.data as Record<string, string> | undefined)?.['tls.crt'] ===
          b64('certificate 2'),
      );
      expect(renewed!.data).toEqual({
        'tls.crt': b64('certificate 2'),
        'tls.key': b64('key 2'),
      });

      // At rest, a resync re-applies nothing: the copy's hash matches.
      const writes = await writesByResync(portal.reconciler, portal.kube, {
        settleMs: 500,
      });
      expect({ create: writes.create, apply: writes.apply }).toEqual({
        create: 0,
        apply: 0,
      });

      // Nothing of the Secret's values went to the store's events.
      const text = JSON.stringify(await portal.events(store.id));
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
      const store = await portal.provision(storeName('stuck'));
      await portal.waitForStore(store.id, s => s?.phase === 'ready');
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

      await portal.requestDeletion(store.id);
      const stuck = await portal.waitForStore(store.id, s =>
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
      const warnings = (await portal.events(store.id)).filter(
        e => e.reason === 'DeletionStuck',
      );
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({
        type: 'Warning',
        message: expect.stringContaining(
          `Namespace ${store.namespace} has been terminating`,
        ),
      });

      // Release the finalizer: the namespace goes, and the store with it.
      const live = (await portal.admin.read(held)) as KubeObject;
      await objects.replace({
        ...live,
        metadata: { ...live.metadata, finalizers: [] },
      } as any);
      await portal.waitForStore(store.id, s => s === undefined, 180_000);
      expect(
        await portal.admin.read({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: store.namespace },
        }),
      ).toBeUndefined();
      const reasons = (await portal.events(store.id)).map(e => e.reason);
      expect(reasons.filter(r => r === 'DeletionStuck')).toHaveLength(1);
      expect(reasons[reasons.length - 1]).toBe('Deleted');
    });
  },
);

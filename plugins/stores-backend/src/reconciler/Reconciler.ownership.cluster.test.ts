import {
  MANAGED_BY_LABEL,
  STORE_ID_LABEL,
  STORE_INSTANCE_LABEL,
} from '@internal/plugin-stores-common';
import { describeWithCluster } from '@internal/plugin-stores-test-utils';
import type {
  KubeObject,
  KubernetesClient,
} from '../kubernetes/KubernetesClient';
import { MANAGED_KINDS } from '../kubernetes/managedKinds';
import {
  testStoresConfig,
  uniqueStoreNames,
  usePortal,
  waitFor,
} from './__testUtils__';

jest.setTimeout(180_000);

const { run } = uniqueStoreNames();

/** Every object of a namespace the reconciler could write, with its resourceVersion. */
async function versionsIn(kube: KubernetesClient, namespace: string) {
  const versions: Record<string, string | undefined> = {};
  for (const kind of MANAGED_KINDS.filter(k => k.namespaced)) {
    if (kind.kind === 'Secret' || kind.kind === 'Pod') continue;
    const { items } = await kube.list({
      apiVersion: kind.apiVersion,
      kind: kind.kind,
      namespace,
    });
    for (const item of items) {
      versions[`${kind.kind}/${item.metadata.name}`] =
        item.metadata.resourceVersion;
    }
  }
  const ns = await kube.read({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace },
  });
  versions[`Namespace/${namespace}`] = ns?.metadata.resourceVersion;
  return versions;
}

describeWithCluster('Reconciler: ownership', () => {
  const portalA = usePortal();
  const portalB = usePortal({
    config: testStoresConfig({ instanceId: 'portal-b' }),
  });

  it('fails with NameTaken on a namespace it does not own, and deleting the store leaves the namespace and its content', async () => {
    const name = `t${run}-victim`;
    const namespace = `store-${name}`;
    portalA.deleteAfter(namespace);
    await portalA.admin.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { team: 'someone-else' } },
    });
    const configMap = await portalA.admin.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'keep-me', namespace },
      data: { precious: 'yes' },
    } as KubeObject);

    const store = await portalA.provision(name);
    const failed = await portalA.waitForStore(
      store.id,
      s => s?.phase === 'failed' || s?.phase === 'ready',
    );
    expect(failed?.phase).toBe('failed');
    expect(failed!.failureReason).toBe(
      `NameTaken: Namespace ${namespace} already exists and belongs to nobody the stores portal knows (no store id label)`,
    );
    const failedEvent = (await portalA.events(store.id)).find(
      e => e.reason === 'Failed',
    );
    expect(failedEvent?.message).toContain(`Namespace ${namespace}`);

    // Not relabelled, not adopted.
    const untouched = await portalA.admin.read({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    expect(untouched!.metadata.labels).not.toHaveProperty(MANAGED_BY_LABEL);
    expect(untouched!.metadata.labels).not.toHaveProperty(STORE_ID_LABEL);

    await portalA.requestDeletion(store.id);
    await portalA.waitForStore(store.id, s => s === undefined);
    const after = await portalA.admin.read({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    expect(after?.metadata.deletionTimestamp).toBeUndefined();
    expect(after?.metadata.uid).toBe(untouched!.metadata.uid);
    const kept = await portalA.admin.read({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'keep-me', namespace },
    });
    expect(kept?.metadata.uid).toBe(configMap.metadata.uid);
    expect(kept?.data).toEqual({ precious: 'yes' });
    expect((await portalA.events(store.id)).map(e => e.reason)).toContain(
      'NotOwned',
    );
  });

  it('two portals with different instance ids on one cluster: the second fails NameTaken, neither touches the other’s objects', async () => {
    const name = `t${run}-shared`;
    const namespace = `store-${name}`;
    const storeA = await portalA.provision(name);
    await portalA.waitForStore(storeA.id, s => s?.phase === 'ready');
    await portalA.reconciler.whenIdle();
    const before = await versionsIn(portalA.admin, namespace);
    expect(Object.keys(before).length).toBeGreaterThan(10);

    const storeB = await portalB.provision(name);
    const failedB = await portalB.waitForStore(
      storeB.id,
      s => s?.phase === 'failed' || s?.phase === 'ready',
    );
    expect(failedB?.phase).toBe('failed');
    expect(failedB!.failureReason).toBe(
      `NameTaken: Namespace ${namespace} already exists and belongs to store ${storeA.id} of portal instance default`,
    );
    // B deletes its store: A's namespace stays.
    await portalB.requestDeletion(storeB.id);
    await portalB.waitForStore(storeB.id, s => s === undefined);
    await portalA.reconciler.whenIdle();

    expect(await versionsIn(portalA.admin, namespace)).toEqual(before);
    const ns = await portalA.admin.read({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    expect(ns!.metadata.labels).toMatchObject({
      [STORE_ID_LABEL]: storeA.id,
      [STORE_INSTANCE_LABEL]: 'default',
    });
    expect((await portalA.database.getStore(storeA.id))?.phase).toBe('ready');
  });

  it('adopts objects of a store made before instance ids (store id and managed-by labels, no instance label)', async () => {
    const { admin, database, reconciler } = portalA;
    const store = await portalA.provision(`t${run}-legacy`);
    await portalA.waitForStore(store.id, s => s?.phase === 'ready');
    // What an older portal left: everything but the instance label.
    const objects = admin.module.KubernetesObjectApi.makeApiClient(
      admin.kubeConfig,
    );
    for (const [apiVersion, kind, objectName, ns] of [
      ['v1', 'Namespace', store.namespace, undefined],
      ['v1', 'Service', 'wordpress', store.namespace],
    ] as const) {
      await objects.patch(
        {
          apiVersion,
          kind,
          metadata: {
            name: objectName,
            namespace: ns,
            labels: { [STORE_INSTANCE_LABEL]: null },
          },
        } as any,
        undefined,
        undefined,
        'older-portal',
        undefined,
        admin.module.PatchStrategy.MergePatch,
      );
    }
    reconciler.enqueue(store.id);
    // The pass labels the Namespace in its first wave and the Service in a
    // later one: wait for each, not only for the first.
    for (const [kind, objectName, ns] of [
      ['Namespace', store.namespace, undefined],
      ['Service', 'wordpress', store.namespace],
    ] as const) {
      await waitFor(
        `${kind} ${objectName} labelled with the instance again`,
        () =>
          admin.read({
            apiVersion: 'v1',
            kind,
            metadata: { name: objectName, namespace: ns },
          }),
        object => object?.metadata.labels?.[STORE_INSTANCE_LABEL] === 'default',
        { summary: object => object?.metadata.labels },
      );
    }
    await reconciler.whenIdle();
    const row = await database.getStore(store.id);
    expect(row?.phase).toBe('ready');
    expect(row?.failureReason).toBeUndefined();
  });
});

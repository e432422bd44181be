import { readFileSync } from 'node:fs';
import type { Store } from '@internal/plugin-stores-common';
import { WooCommerceEngine } from '@internal/plugin-stores-backend-module-woocommerce';
import type { KubeObject } from '../kubernetes/KubernetesClient';
import {
  auditLogPath,
  auditOffset,
  describeReconcilerSuite,
  listInNamespace,
  settled,
  storesWritesSince,
  testStoresConfig,
  uniqueStoreNames,
} from './__testUtils__';
import { VolumeExpansionCheck } from './VolumeExpansionCheck';
import { plannedVolumes } from './volumes';

jest.setTimeout(300_000);

/*
 * A plan change on the local control plane: the API's volume check against
 * the StorageClass, then the reconciler applying the new plan in place. The
 * local cluster's volumes are simulated and never really grow: what is
 * tested is the object flow (the claims ask for the new size, the
 * StatefulSet is re-created with orphan propagation and its new templates)
 * and the refusal when the class does not allow expansion.
 */

const { storeName } = uniqueStoreNames();
const config = testStoresConfig();
const CLASS = config.settings.storageClassName ?? 'kwok-volume';
/** Provisioning on a loaded 2-core machine with other suites beside it. */
const BUDGET_MS = 180_000;
const small = config.plans.small;
const medium = config.plans.medium;

/**
 * What the garbage collector did to the pods of `namespace` since `offset`
 * in the API server's audit log: with propagation `Orphan` it patches the
 * owner reference away; with any other it deletes them.
 */
function garbageCollectorPodWrites(
  path: string,
  offset: number,
  namespace: string,
): string[] {
  return readFileSync(path)
    .subarray(offset)
    .toString('utf8')
    .split('\n')
    .flatMap(line => {
      try {
        return [JSON.parse(line)];
      } catch {
        return [];
      }
    })
    .filter(
      entry =>
        String(entry.userAgent).endsWith('/generic-garbage-collector') &&
        entry.objectRef?.resource === 'pods' &&
        entry.objectRef?.namespace === namespace,
    )
    .map(entry => `${entry.verb} ${entry.objectRef.name}`);
}

/** The local cluster's API server audit log; none on an external cluster. */
const audit = auditLogPath();

describeReconcilerSuite(
  'A plan change against a real API server',
  {},
  portal => {
    const engine = WooCommerceEngine.create();
    let store: Store;
    let classBefore: boolean | undefined;
    let setName = '';
    /** Where the audit log ended before the plan change. */
    let auditFrom = 0;

    /** What the cluster's storage class says about expansion, set by the admin. */
    async function allowExpansion(allow: boolean | undefined) {
      await portal.admin.apply({
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: CLASS },
        ...(allow === undefined ? {} : { allowVolumeExpansion: allow }),
      } as KubeObject);
    }

    async function objects(kind: string, apiVersion = 'v1') {
      return listInNamespace(portal.admin, apiVersion, kind, store.namespace);
    }

    function byName(list: KubeObject[], name: string) {
      const found = list.find(o => o.metadata.name === name);
      if (!found) {
        throw new Error(
          `${name} not found among ${list.map(o => o.metadata.name)}`,
        );
      }
      return found as KubeObject & { spec: any };
    }

    const claimSizes = async () =>
      Object.fromEntries(
        (await objects('PersistentVolumeClaim')).map(claim => [
          claim.metadata.name,
          (claim.spec as any).resources.requests.storage,
        ]),
      );

    beforeAll(async () => {
      const storageClass = await portal.admin.read({
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: CLASS },
      });
      classBefore = (storageClass as { allowVolumeExpansion?: boolean })
        ?.allowVolumeExpansion;
      const created = await portal.provision(storeName('plan'));
      const ready = await portal.waitForStore(created.id, settled, BUDGET_MS);
      if (ready?.phase !== 'ready') {
        throw new Error(
          `The store did not become ready: ${ready?.failureReason}`,
        );
      }
      store = ready;
    });

    afterAll(async () => {
      // The class is the cluster's: leave it as it was found.
      await allowExpansion(classBefore).catch(() => undefined);
    });

    it('refuses growing volumes whose StorageClass does not allow expansion, before anything changes', async () => {
      await allowExpansion(false);
      const check = VolumeExpansionCheck.create({ client: portal.kube });
      const before = await claimSizes();
      expect(Object.values(before)).toEqual(['2Gi', '2Gi']);

      await expect(
        check.checkVolumeGrowth(
          store,
          plannedVolumes(engine, store, medium, config.settings),
        ),
      ).rejects.toThrow(
        `StorageClass "${CLASS}" does not allow volume expansion`,
      );
      // The same plan's volumes need nothing.
      await check.checkVolumeGrowth(
        store,
        plannedVolumes(engine, store, small, config.settings),
      );
      expect(await claimSizes()).toEqual(before);
      expect((await portal.database.getStore(store.id))?.generation).toBe(1);
    });

    it('applies a new plan in place: quota, limits, container resources, grown claims, the StatefulSet re-created with its pods and claims orphaned', async () => {
      await allowExpansion(true);
      const check = VolumeExpansionCheck.create({ client: portal.kube });
      await check.checkVolumeGrowth(
        store,
        plannedVolumes(engine, store, medium, config.settings),
      );
      const claimsBefore = await objects('PersistentVolumeClaim');
      const [setBefore] = await objects('StatefulSet', 'apps/v1');
      setName = setBefore.metadata.name;
      const [namespaceBefore] = (
        await portal.admin.list({
          apiVersion: 'v1',
          kind: 'Namespace',
          fieldSelector: `metadata.name=${store.namespace}`,
        })
      ).items;

      auditFrom = audit ? auditOffset(audit) : 0;
      const { store: changed } = await portal.database.updateStore(store.id, {
        plan: 'medium',
        expectedPlan: 'small',
        actor: 'user:default/tester',
      });
      expect(changed.generation).toBe(2);
      const started = Date.now();
      portal.reconciler.enqueue(store.id);
      const done = await portal.waitForStore(
        store.id,
        s =>
          s?.observedGeneration === 2 &&
          (s.phase === 'ready' || s.phase === 'failed'),
        BUDGET_MS,
      );
      // Printed, not asserted: the machine's load decides it.
      console.log(`plan small -> medium applied in ${Date.now() - started} ms`);
      // The reason is part of what is compared: a failure says why.
      expect({
        phase: done?.phase,
        plan: done?.plan,
        failureReason: done?.failureReason ?? null,
      }).toEqual({ phase: 'ready', plan: 'medium', failureReason: null });

      // Quota and LimitRange: the medium plan's.
      const [quota] = await objects('ResourceQuota');
      expect((quota.spec as any).hard).toEqual(medium.quota);
      // Read by name: the client's list models drop a LimitRange's `default`.
      const [listed] = await objects('LimitRange');
      const limits = await portal.admin.read(listed);
      expect((limits?.spec as any).limits[0]).toMatchObject({
        type: 'Container',
        default: medium.containerDefaults.limits,
        defaultRequest: medium.containerDefaults.requests,
      });

      // Every container of the store's workloads: the medium plan's resources.
      const workloads = [
        ...(await objects('Deployment', 'apps/v1')),
        ...(await objects('StatefulSet', 'apps/v1')),
      ];
      const containers = workloads.flatMap(w =>
        (w.spec as any).template.spec.containers.map((c: any) => [
          `${w.kind} ${w.metadata.name} ${c.name}`,
          c.resources,
        ]),
      );
      expect(containers.length).toBeGreaterThan(1);
      for (const [, resources] of containers) {
        expect(resources).toEqual({
          requests: medium.containerDefaults.requests,
          limits: medium.containerDefaults.limits,
        });
      }

      // The claims asked to grow in place (same objects, new size)...
      const claimsAfter = await objects('PersistentVolumeClaim');
      expect(
        claimsAfter.map(c => [
          c.metadata.name,
          c.metadata.uid,
          (c.spec as any).resources.requests.storage,
        ]),
      ).toEqual(
        claimsBefore.map(c => [c.metadata.name, c.metadata.uid, '10Gi']),
      );
      // ...the StatefulSet is a new object with the new claim template, and
      // the namespace (with the generated Secret in it) is the same.
      const set = byName(
        await objects('StatefulSet', 'apps/v1'),
        setBefore.metadata.name,
      );
      expect(set.metadata.uid).not.toBe(setBefore.metadata.uid);
      expect(
        set.spec.volumeClaimTemplates.map(
          (t: any) => t.spec.resources.requests.storage,
        ),
      ).toEqual(['10Gi']);
      const [namespaceAfter] = (
        await portal.admin.list({
          apiVersion: 'v1',
          kind: 'Namespace',
          fieldSelector: `metadata.name=${store.namespace}`,
        })
      ).items;
      expect(namespaceAfter.metadata.uid).toBe(namespaceBefore.metadata.uid);
      // The claims were never deleted: their deletion would show a timestamp.
      expect(claimsAfter.every(c => !c.metadata.deletionTimestamp)).toBe(true);
    });

    // The audit log is the local cluster's: it shows who deleted what.
    (audit ? describe : describe.skip)('in the audit log', () => {
      it('the StatefulSet was deleted with propagation Orphan: its pod was orphaned, not deleted', () => {
        const writes = storesWritesSince(audit!, auditFrom, store.namespace);
        expect(
          writes
            .filter(w => w.verb === 'delete')
            .map(w => `${w.resource}/${w.name}`),
        ).toEqual([`statefulsets/${setName}`]);
        // The garbage collector only took the pod's owner reference off.
        const collected = garbageCollectorPodWrites(
          audit!,
          auditFrom,
          store.namespace,
        );
        expect(collected).toContain(`patch ${setName}-0`);
        expect(collected.filter(w => w.startsWith('delete'))).toEqual([]);
      });
    });
  },
);

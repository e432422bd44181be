import type { Store, StorePhase } from '@internal/plugin-stores-common';
import { WOOCOMMERCE_STAGES } from '@internal/plugin-stores-backend-module-woocommerce';
import type {
  KubeObject,
  KubernetesClient,
} from '../kubernetes/KubernetesClient';
import {
  describeReconcilerSuite,
  listInNamespace,
  uniqueStoreNames,
  waitFor,
  writesByResync,
} from './__testUtils__';
import type { QuotaResourceUsage } from './quotaUsage';

/*
 * Suspend and resume against the real API server: the workloads go to zero
 * and stay there (a full resync writes nothing, someone scaling one up is
 * repaired back down), the data (claims, Secret) stays, the store is never
 * reported degraded while suspended, and a resume brings it back to ready.
 */

jest.setTimeout(240_000);

/** Budget for the controllers and kwok to act on a loaded machine. */
const CLUSTER_WAIT_MS = 120_000;
const TESTER = 'user:default/tester';
const { storeName } = uniqueStoreNames();

const WORKLOADS = [
  ['Deployment', 'wordpress'],
  ['StatefulSet', 'mariadb'],
] as const;

const suspendedCondition = (store: Store | undefined) =>
  store?.conditions.find(c => c.type === 'Suspended');

describeReconcilerSuite(
  'Suspend and resume on a real API server',
  {},
  portal => {
    async function workloads(namespace: string) {
      return Promise.all(
        WORKLOADS.map(([kind, name]) =>
          portal.admin.read({
            apiVersion: 'apps/v1',
            kind,
            metadata: { name, namespace },
          }),
        ),
      );
    }
    const replicasOf = (objects: Array<KubeObject | undefined>) =>
      objects.map(o => [
        o?.kind,
        (o?.spec as { replicas?: number })?.replicas,
        (o?.status as { replicas?: number })?.replicas ?? 0,
      ]);
    const usage = (namespace: string) =>
      portal.reconciler.quotaUsage(namespace);
    const used = (u: QuotaResourceUsage[] | undefined, resource: string) => {
      const found = u?.find(r => r.resource === resource);
      return (
        found && {
          used: found.used,
          hard: found.hard,
          fraction: found.fraction,
        }
      );
    };
    const fractionOf = (
      u: QuotaResourceUsage[] | undefined,
      resource: string,
    ) => u?.find(r => r.resource === resource)?.fraction ?? -1;
    /** The store's running pods (not the finished bootstrap Job's). */
    async function workloadPods(namespace: string) {
      const pods = await listInNamespace(portal.admin, 'v1', 'Pod', namespace);
      return pods
        .filter(p => {
          const component = p.metadata.labels?.['app.kubernetes.io/component'];
          return component && component !== 'bootstrap';
        })
        .map(p => p.metadata.name);
    }

    it('scales the workloads to 0 and keeps the data; suspended is never repaired back up nor judged degraded; resume returns it to ready', async () => {
      const created = await portal.provision(storeName('pause'));
      const ready = await portal.waitForStore(
        created.id,
        s => s?.phase === 'ready',
        CLUSTER_WAIT_MS,
      );
      expect(ready?.phase).toBe('ready');
      const namespace = created.namespace;
      const claimsBefore = (
        await listInNamespace(
          portal.admin,
          'v1',
          'PersistentVolumeClaim',
          namespace,
        )
      ).map(c => [c.metadata.name, c.metadata.uid]);
      expect(claimsBefore).toHaveLength(2);
      // The fleet view's quota usage, from the watch cache: the pods' requests
      // and the claims' storage against the plan's quota.
      const running = await waitFor(
        'the quota to count the pods',
        () => usage(namespace),
        u => fractionOf(u, 'requests.cpu') > 0,
        { timeoutMs: CLUSTER_WAIT_MS },
      );
      expect(used(running, 'requests.storage')).toEqual({
        used: '4Gi',
        hard: '10Gi',
        fraction: 0.4,
      });

      const startedAt = Date.now();
      await portal.database.markSuspended(created.id, TESTER);
      portal.reconciler.enqueue(created.id);
      const suspended = await portal.waitForStore(
        created.id,
        s => suspendedCondition(s)?.status === 'True',
        CLUSTER_WAIT_MS,
      );
      // Printed, not asserted: the machine's load decides it.
      // eslint-disable-next-line no-console
      console.log(
        `suspend: workloads at zero after ${Date.now() - startedAt} ms`,
      );
      expect(suspended!.phase).toBe('suspended');
      expect(suspendedCondition(suspended)).toMatchObject({
        status: 'True',
        reason: 'ScaledDown',
      });
      expect(
        suspended!.conditions
          .filter(c => c.type !== 'Suspended')
          .map(c => [c.type, c.status]),
      ).toEqual(WOOCOMMERCE_STAGES.map(type => [type, 'True']));
      expect(replicasOf(await workloads(namespace))).toEqual([
        ['Deployment', 0, 0],
        ['StatefulSet', 0, 0],
      ]);
      await waitFor(
        'the workload pods to be gone',
        () => workloadPods(namespace),
        pods => pods.length === 0,
        { timeoutMs: CLUSTER_WAIT_MS },
      );
      // Suspended stores free their CPU and memory, not their storage.
      const idle = await waitFor(
        'the quota to count no pod requests',
        () => usage(namespace),
        u => fractionOf(u, 'requests.cpu') === 0,
        { timeoutMs: CLUSTER_WAIT_MS },
      );
      expect(fractionOf(idle, 'requests.memory')).toBe(0);
      expect(used(idle, 'requests.storage')?.used).toBe('4Gi');
      // The data stays: the same claims, bound, and the generated Secret.
      const claims = await listInNamespace(
        portal.admin,
        'v1',
        'PersistentVolumeClaim',
        namespace,
      );
      expect(claims.map(c => [c.metadata.name, c.metadata.uid])).toEqual(
        claimsBefore,
      );
      expect(claims.map(c => (c.status as { phase?: string })?.phase)).toEqual([
        'Bound',
        'Bound',
      ]);
      expect(
        await portal.admin.read({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'store-credentials', namespace },
        }),
      ).toBeDefined();

      // At rest a full resync leaves it alone: nothing written, still at zero.
      expect(await writesByResync(portal.reconciler, portal.kube)).toEqual({
        create: 0,
        apply: 0,
        delete: 0,
      });
      expect(replicasOf(await workloads(namespace))).toEqual([
        ['Deployment', 0, 0],
        ['StatefulSet', 0, 0],
      ]);

      // Someone scales it up: repaired back down, as any drift is.
      await scaleAsSomeoneElse(portal.admin, 'wordpress', namespace, 1);
      const repaired = await waitFor(
        'the Deployment to be scaled back to 0',
        async () => (await workloads(namespace))[0],
        d => (d?.spec as { replicas?: number })?.replicas === 0,
        { timeoutMs: CLUSTER_WAIT_MS },
      );
      expect((repaired?.spec as { replicas?: number }).replicas).toBe(0);
      await portal.waitForStore(
        created.id,
        s => suspendedCondition(s)?.status === 'True',
        CLUSTER_WAIT_MS,
      );
      // The repair's event is written with the pass's status, after the
      // Deployment's write the wait above saw: wait for it too.
      const events = await waitFor(
        'the DriftRepaired event',
        () => portal.events(created.id),
        list => list.some(e => e.reason === 'DriftRepaired'),
        {
          timeoutMs: CLUSTER_WAIT_MS,
          summary: list => list.map(e => e.reason),
        },
      );
      expect(events.map(e => e.reason)).toEqual(
        expect.arrayContaining(['SuspendRequested', 'DriftRepaired']),
      );
      // Whatever happened while suspended, it was never reported otherwise.
      expect(phasesPublished(portal.notifier.calls, created.id)).not.toContain(
        'degraded',
      );
      expect((await portal.database.getStore(created.id))!.phase).toBe(
        'suspended',
      );

      const resumeAt = Date.now();
      await portal.database.markResumed(created.id, TESTER);
      portal.reconciler.enqueue(created.id);
      const resumed = await portal.waitForStore(
        created.id,
        s => s?.phase === 'ready',
        CLUSTER_WAIT_MS,
      );
      // eslint-disable-next-line no-console
      console.log(`resume: ready again after ${Date.now() - resumeAt} ms`);
      expect(resumed!.conditions.map(c => [c.type, c.status])).toEqual(
        WOOCOMMERCE_STAGES.map(type => [type, 'True']),
      );
      expect(replicasOf(await workloads(namespace))).toEqual([
        ['Deployment', 1, 1],
        ['StatefulSet', 1, 1],
      ]);
      expect(
        (
          await listInNamespace(
            portal.admin,
            'v1',
            'PersistentVolumeClaim',
            namespace,
          )
        ).map(c => [c.metadata.name, c.metadata.uid]),
      ).toEqual(claimsBefore);
      const reasons = (await portal.events(created.id)).map(e => e.reason);
      expect(reasons.slice(reasons.indexOf('ResumeRequested'))).toEqual(
        expect.arrayContaining(['ResumeRequested', 'Ready']),
      );
    });
  },
);

/** The phases the reconciler published for one store, in order. */
function phasesPublished(
  calls: Array<{ store: Store }>,
  storeId: string,
): StorePhase[] {
  return calls.filter(c => c.store.id === storeId).map(c => c.store.phase);
}

/** What `kubectl scale` does, as another field manager. */
async function scaleAsSomeoneElse(
  kube: KubernetesClient,
  name: string,
  namespace: string,
  replicas: number,
) {
  const apps = kube.kubeConfig.makeApiClient(kube.module.AppsV1Api);
  await apps.replaceNamespacedDeploymentScale({
    name,
    namespace,
    fieldManager: 'kubectl-scale',
    body: {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name, namespace },
      spec: { replicas },
    },
  });
}

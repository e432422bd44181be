import {
  MANAGED_BY_LABEL,
  STORE_ID_LABEL,
  STORE_OWNER_ANNOTATION as OWNER_ANNOTATION,
  STORE_SLUG_LABEL,
} from '@internal/plugin-stores-common';
import { WOOCOMMERCE_STAGES } from '@internal/plugin-stores-backend-module-woocommerce';
import type {
  KubeObject,
  KubernetesClient,
} from '../kubernetes/KubernetesClient';
import { MANAGED_KINDS } from '../kubernetes/managedKinds';
import {
  describeReconcilerSuite,
  listInNamespace,
  settled,
  uniqueStoreNames,
  waitFor,
  writesByResync,
} from './__testUtils__';

jest.setTimeout(180_000);

const KWOK_FAIL_LABEL = 'pod-container-running-failed.stage.kwok.x-k8s.io';
const { storeName } = uniqueStoreNames();
/** Stores whose bootstrap pod kwok fails. */
const failing = new Set<string>();

/** Every object in the cluster carrying the store id label, of every managed kind. */
async function objectsOfStore(kube: KubernetesClient, storeId: string) {
  const found: KubeObject[] = [];
  for (const kind of MANAGED_KINDS) {
    const { items } = await kube.list({
      apiVersion: kind.apiVersion,
      kind: kind.kind,
      labelSelector: `${STORE_ID_LABEL}=${storeId}`,
    });
    found.push(...items);
  }
  return found;
}

describeReconcilerSuite(
  'Reconciler against a real API server',
  {
    engineOptions: {
      bootstrapPodLabels: (store): Record<string, string> =>
        failing.has(store.name) ? { [KWOK_FAIL_LABEL]: 'true' } : {},
    },
  },
  portal => {
    async function provision(what: string, options: { fail?: boolean } = {}) {
      const name = storeName(what);
      if (options.fail) failing.add(name);
      return portal.provision(name);
    }

    it('creates a store: every object exists with its labels and owner, conditions all True, events in order, URLs set', async () => {
      const created = await provision('ready');
      const ready = await portal.waitForStore(created.id, settled);
      expect(ready?.phase).toBe('ready');
      expect(ready!.conditions.map(c => [c.type, c.status])).toEqual(
        WOOCOMMERCE_STAGES.map(type => [type, 'True']),
      );
      expect(ready!.urls).toEqual({
        storefront: `http://${created.name}.stores.test/`,
        admin: `http://${created.name}.stores.test/wp-admin/`,
      });
      expect(ready!.observedGeneration).toBe(ready!.generation);

      const objects = await objectsOfStore(portal.admin, created.id);
      const names = objects
        .filter(o => o.kind !== 'Pod')
        .map(o => `${o.kind}/${o.metadata.name}`)
        .sort();
      expect(names).toEqual(
        [
          `Namespace/${created.namespace}`,
          'ResourceQuota/store-quota',
          'LimitRange/store-limits',
          'NetworkPolicy/default-deny',
          'NetworkPolicy/allow-ingress-to-wordpress',
          'NetworkPolicy/allow-database-clients',
          'NetworkPolicy/allow-egress-to-database',
          'NetworkPolicy/allow-bootstrap-downloads',
          'Secret/store-credentials',
          'Service/mariadb',
          'StatefulSet/mariadb',
          'PersistentVolumeClaim/data-mariadb-0',
          'PersistentVolumeClaim/wordpress-content',
          'Deployment/wordpress',
          'Service/wordpress',
          'Ingress/storefront',
          'Job/wp-bootstrap',
        ].sort(),
      );
      for (const object of objects) {
        expect(object.metadata.labels).toMatchObject({
          [MANAGED_BY_LABEL]: 'backstage-stores',
          [STORE_ID_LABEL]: created.id,
          [STORE_SLUG_LABEL]: created.name,
          'app.kubernetes.io/part-of': created.name,
        });
      }
      // Objects we render carry the owner; pods and the StatefulSet's PVC are
      // made by controllers from templates, which carry labels only.
      const rendered = objects.filter(
        o =>
          !['Pod', 'PersistentVolumeClaim'].includes(o.kind) ||
          o.metadata.name === 'wordpress-content',
      );
      expect(rendered).toHaveLength(16);
      expect(
        rendered.map(o => o.metadata.annotations?.[OWNER_ANNOTATION]),
      ).toEqual(rendered.map(() => 'group:default/team-a'));
      // Pods were admitted (Pod Security `restricted` + quota) and run.
      const pods = objects.filter(o => o.kind === 'Pod');
      expect(
        pods
          .map(p => p.metadata.labels?.['app.kubernetes.io/component'])
          .sort(),
      ).toEqual(['bootstrap', 'database', 'storefront']);

      // Every stage is applied in the first pass, so each reports ready when
      // it is (in no fixed order), once.
      const events = (await portal.events(created.id)).map(e => e.reason);
      expect(events.slice(0, 2)).toEqual(['Created', 'Provisioning']);
      expect(events.slice(2, -1).sort()).toEqual(
        [...WOOCOMMERCE_STAGES].sort(),
      );
      expect(events.at(-1)).toBe('Ready');
    });

    it('fits the plan quota: no FailedCreate events and the quota accounts the pods', async () => {
      const created = await provision('quota');
      await portal.waitForStore(created.id, s => s?.phase === 'ready');
      const k8sEvents = await listInNamespace(
        portal.admin,
        'v1',
        'Event',
        created.namespace,
      );
      const refused = k8sEvents.filter(
        // FailedCreate is what a quota (or Pod Security) refusal looks like on the
        // ReplicaSet/StatefulSet/Job; a transient FailedScheduling while a fresh
        // PVC binds is not a refusal.
        e =>
          e.reason === 'FailedCreate' ||
          /exceeded quota|forbidden/i.test(String(e.message)),
      );
      expect(refused.map(e => e.message)).toEqual([]);
      const [quota] = await listInNamespace(
        portal.admin,
        'v1',
        'ResourceQuota',
        created.namespace,
      );
      const used = (quota.status as any)?.used ?? {};
      // The quota counts live pods: MariaDB and WordPress (the finished Job's pod no longer counts).
      expect(used.pods).toBe('2');
      expect(used['requests.cpu']).toBe('200m');
      expect(used['requests.storage']).toBe('4Gi');
    });

    it('reports a failed bootstrap Job with its reason, and retry brings the store to ready', async () => {
      const created = await provision('fail', { fail: true });
      const failed = await portal.waitForStore(
        created.id,
        s => s?.phase === 'failed' || s?.phase === 'ready',
      );
      expect(failed?.phase).toBe('failed');
      expect(failed!.failureReason).toMatch(
        /^BackoffLimitExceeded: Job wp-bootstrap failed/,
      );
      expect(
        failed!.conditions.find(c => c.type === 'BootstrapComplete'),
      ).toMatchObject({
        status: 'False',
        reason: 'BackoffLimitExceeded',
      });
      const warnings = (await portal.events(created.id)).filter(
        e => e.type === 'Warning',
      );
      // BootstrapComplete was already False (Progressing): no transition, one Failed event.
      expect(warnings.map(e => e.reason)).toEqual(['Failed']);
      expect(warnings[0].message).toMatch(
        /^BackoffLimitExceeded: Job wp-bootstrap failed/,
      );

      failing.delete(created.name);
      await portal.database.markRetry(created.id, 'user:default/tester');
      portal.reconciler.enqueue(created.id);
      const ready = await portal.waitForStore(
        created.id,
        s =>
          s?.phase === 'ready' ||
          (s?.phase === 'failed' &&
            s.generation === s.observedGeneration &&
            s.generation > failed!.generation),
      );
      expect(ready?.phase).toBe('ready');
      expect(ready!.failureReason).toBeUndefined();
      const reasons = (await portal.events(created.id)).map(e => e.reason);
      expect(reasons.slice(reasons.indexOf('Failed') + 1)).toEqual(
        expect.arrayContaining(['JobRestarted', 'BootstrapComplete', 'Ready']),
      );
    });

    it.each([
      ['Deployment', 'apps/v1', 'wordpress'],
      ['Service', 'v1', 'wordpress'],
    ])(
      'repairs a deleted %s from its watch, with an event',
      async (kind, apiVersion, name) => {
        const created = await provision(`drift-${kind.toLowerCase()}`);
        await portal.waitForStore(created.id, s => s?.phase === 'ready');
        const before = await portal.admin.read({
          apiVersion,
          kind,
          metadata: { name, namespace: created.namespace },
        });
        await portal.admin.delete({
          apiVersion,
          kind,
          metadata: { name, namespace: created.namespace },
        });
        // No enqueue, no resync: only the watch can bring it back.
        const after = await waitFor(
          `${kind} ${name} re-created`,
          () =>
            portal.admin.read({
              apiVersion,
              kind,
              metadata: { name, namespace: created.namespace },
            }),
          object => !!object && object.metadata.uid !== before!.metadata.uid,
          { timeoutMs: 60_000, intervalMs: 100 },
        );
        expect(after!.metadata.uid).not.toBe(before!.metadata.uid);
        await portal.waitForStore(created.id, s => s?.phase === 'ready');
        // The event is written with the repairing pass's status, after the
        // object's create the wait above saw.
        const events = await waitFor(
          'the Recreated event',
          () => portal.events(created.id),
          list => list.some(e => e.reason === 'Recreated'),
          { summary: list => list.map(e => e.reason) },
        );
        expect(
          events.filter(e => e.reason === 'Recreated').map(e => e.message),
        ).toEqual([`Recreated ${kind} ${name}`]);
      },
    );

    it('deletes a store: the namespace is gone, the store is no longer listed, nothing labelled with its id is left', async () => {
      const created = await provision('delete');
      await portal.waitForStore(created.id, s => s?.phase === 'ready');
      await portal.requestDeletion(created.id);
      await portal.waitForStore(created.id, s => s === undefined);
      expect(await portal.database.listLiveStoreIds()).not.toContain(
        created.id,
      );
      expect(
        await portal.admin.read({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: created.namespace },
        }),
      ).toBeUndefined();
      expect(await objectsOfStore(portal.admin, created.id)).toEqual([]);
    });

    it('writes nothing, to the cluster or the database, when a resync finds everything in place', async () => {
      const created = await provision('steady');
      await portal.waitForStore(created.id, s => s?.phase === 'ready');
      await portal.reconciler.whenIdle();
      const rowBefore = await portal.database.getStore(created.id);
      expect(
        await writesByResync(portal.reconciler, portal.kube, { settleMs: 500 }),
      ).toEqual({ create: 0, apply: 0, delete: 0 });
      expect(await portal.database.getStore(created.id)).toEqual(rowBefore);
    });
  },
);

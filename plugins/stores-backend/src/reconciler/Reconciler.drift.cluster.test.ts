import {
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  STORE_ID_LABEL,
  STORE_INSTANCE_LABEL,
  Store,
} from '@internal/plugin-stores-common';
import { APPLIED_HASH_ANNOTATION } from '../kubernetes/appliedHash';
import type {
  KubeObject,
  KubernetesClient,
  ObjectRef,
} from '../kubernetes/KubernetesClient';
import {
  auditLogPath,
  auditOffset,
  describeReconcilerSuite,
  settled,
  storesWritesSince,
  uniqueStoreNames,
  waitFor,
  writesByResync,
} from './__testUtils__';

jest.setTimeout(180_000);

/**
 * How long a repair may take here. The target is 5 s on a quiet
 * machine; the measured time is printed, and the budget is sized for a
 * loaded 2-core machine running the control plane and other suites.
 */
const REPAIR_BUDGET_MS = 30_000;
/** The manager of the edits made by "someone else" in these tests. */
const OTHER_MANAGER = 'drift-test';

const { run } = uniqueStoreNames();

type Patch = (other: OtherManager, live: KubeObject) => Promise<unknown>;

interface OtherManager {
  merge(object: object): Promise<unknown>;
  strategic(object: object): Promise<unknown>;
  scale(name: string, namespace: string, replicas: number): Promise<unknown>;
  setPodReady(name: string, namespace: string, ready: boolean): Promise<void>;
}

/** Writes as another field manager (a person with kubectl, another tool). */
async function otherManager(kube: KubernetesClient): Promise<OtherManager> {
  const k8s = kube.module;
  const objects = k8s.KubernetesObjectApi.makeApiClient(kube.kubeConfig);
  const apps = kube.kubeConfig.makeApiClient(k8s.AppsV1Api);
  const core = kube.kubeConfig.makeApiClient(k8s.CoreV1Api);
  const patch = (object: object, strategy: string) =>
    objects.patch(
      object as any,
      undefined,
      undefined,
      OTHER_MANAGER,
      undefined,
      strategy as any,
    );
  return {
    merge: object => patch(object, k8s.PatchStrategy.MergePatch),
    strategic: object => patch(object, k8s.PatchStrategy.StrategicMergePatch),
    // What `kubectl scale` does: the scale subresource.
    scale: (name, namespace, replicas) =>
      apps.replaceNamespacedDeploymentScale({
        name,
        namespace,
        fieldManager: OTHER_MANAGER,
        body: {
          apiVersion: 'autoscaling/v1',
          kind: 'Scale',
          metadata: { name, namespace },
          spec: { replicas },
        },
      }),
    // kwok leaves a running pod's conditions alone, so this stays until undone.
    setPodReady: async (name, namespace, ready) => {
      const pod = await core.readNamespacedPod({ name, namespace });
      const status = ready ? 'True' : 'False';
      pod.status!.conditions = (pod.status?.conditions ?? []).map(c =>
        c.type === 'Ready' || c.type === 'ContainersReady'
          ? { ...c, status, lastTransitionTime: new Date() }
          : c,
      );
      await core.replaceNamespacedPodStatus({ name, namespace, body: pod });
    },
  };
}

function ref(
  apiVersion: string,
  kind: string,
  name: string,
  namespace: string,
): ObjectRef {
  return { apiVersion, kind, metadata: { name, namespace } };
}

const spec = (o: KubeObject) => o.spec as any;
const container = (o: KubeObject) =>
  spec(o).template.spec.containers.find((c: any) => c.name === 'wordpress');

/** Edits by someone else, the field the repair event must name, and when it is undone. */
const DRIFTS: Array<{
  what: string;
  object: [apiVersion: string, kind: string, name: string];
  field: string;
  edit: Patch;
  repaired: (live: KubeObject, before: KubeObject) => boolean;
}> = [
  {
    what: 'Deployment scaled to 0',
    object: ['apps/v1', 'Deployment', 'wordpress'],
    field: 'spec.replicas',
    edit: (other, live) =>
      other.scale(live.metadata.name, live.metadata.namespace!, 0),
    repaired: live => spec(live).replicas === 1,
  },
  {
    what: 'container image changed',
    object: ['apps/v1', 'Deployment', 'wordpress'],
    field: 'spec.template.spec.containers[name=wordpress].image',
    edit: (other, live) =>
      other.strategic({
        ...identity(live),
        spec: {
          template: {
            spec: {
              containers: [{ name: 'wordpress', image: 'example.com/evil:1' }],
            },
          },
        },
      }),
    repaired: (live, before) =>
      container(live).image === container(before).image,
  },
  {
    what: 'a label we set removed',
    object: ['v1', 'Service', 'wordpress'],
    field: 'metadata.labels["app.kubernetes.io/part-of"]',
    edit: (other, live) =>
      other.merge({
        ...identity(live),
        metadata: {
          ...identity(live).metadata,
          labels: { 'app.kubernetes.io/part-of': null },
        },
      }),
    repaired: (live, before) =>
      live.metadata.labels?.['app.kubernetes.io/part-of'] ===
      before.metadata.labels?.['app.kubernetes.io/part-of'],
  },
  {
    what: 'NetworkPolicy ingress loosened to [{}]',
    object: [
      'networking.k8s.io/v1',
      'NetworkPolicy',
      'allow-ingress-to-wordpress',
    ],
    field: 'spec.ingress',
    edit: (other, live) =>
      other.merge({ ...identity(live), spec: { ingress: [{}] } }),
    repaired: (live, before) =>
      JSON.stringify(spec(live).ingress) ===
      JSON.stringify(spec(before).ingress),
  },
  {
    what: 'ResourceQuota raised',
    object: ['v1', 'ResourceQuota', 'store-quota'],
    field: 'spec.hard["requests.cpu"]',
    edit: (other, live) =>
      other.merge({
        ...identity(live),
        spec: { hard: { 'requests.cpu': '64' } },
      }),
    repaired: (live, before) =>
      spec(live).hard['requests.cpu'] === spec(before).hard['requests.cpu'],
  },
  {
    what: 'Ingress host changed',
    object: ['networking.k8s.io/v1', 'Ingress', 'storefront'],
    field: 'spec.rules',
    edit: (other, live) =>
      other.merge({
        ...identity(live),
        spec: {
          rules: spec(live).rules.map((rule: any) => ({
            ...rule,
            host: 'evil.example.com',
          })),
        },
      }),
    repaired: (live, before) =>
      spec(live).rules[0].host === spec(before).rules[0].host,
  },
];

/**
 * The storefront's one live pod once its Deployment has rolled out (as
 * `kubectl rollout status`): a store can still read `ready` from the pass
 * before a repair restarted its pod, and Recreate leaves no pod for a moment.
 */
async function rolledOutStorefrontPod(
  kube: KubernetesClient,
  namespace: string,
): Promise<string> {
  const started = Date.now();
  for (;;) {
    const deployment = await kube.read(
      ref('apps/v1', 'Deployment', 'wordpress', namespace),
    );
    const status = (deployment?.status ?? {}) as Record<string, number>;
    const wanted = spec(deployment!).replicas;
    const pods = (
      await kube.list({
        apiVersion: 'v1',
        kind: 'Pod',
        namespace,
        labelSelector: 'app.kubernetes.io/component=storefront',
      })
    ).items.filter(p => !p.metadata.deletionTimestamp);
    if (
      (status.observedGeneration ?? 0) >= deployment!.metadata.generation! &&
      status.updatedReplicas === wanted &&
      status.readyReplicas === wanted &&
      status.replicas === wanted &&
      pods.length === 1
    ) {
      return pods[0].metadata.name;
    }
    if (Date.now() - started > REPAIR_BUDGET_MS) {
      throw new Error(
        `Deployment wordpress not rolled out in ${REPAIR_BUDGET_MS} ms: ${JSON.stringify(
          status,
        )}, live pods ${pods.map(p => p.metadata.name).join(', ')}`,
      );
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

function identity(live: KubeObject) {
  return {
    apiVersion: live.apiVersion,
    kind: live.kind,
    metadata: { name: live.metadata.name, namespace: live.metadata.namespace },
  };
}

describeReconcilerSuite(
  'Reconciler: drift, degraded, lost credentials, prune',
  {},
  portal => {
    let other: OtherManager;
    let store: Store;

    beforeAll(async () => {
      other = await otherManager(portal.admin);
      store = await portal.provision(`t${run}-drift`);
      await portal.waitForStore(store.id, settled);
    });

    async function events(reason: string) {
      return (await portal.events(store.id))
        .filter(e => e.reason === reason)
        .map(e => e.message);
    }

    it('is ready to begin with', async () => {
      expect((await portal.database.getStore(store.id))?.phase).toBe('ready');
    });

    it.each(DRIFTS)(
      'repairs $what by re-applying, with an event naming the object and field; the store stays ready or degraded',
      async ({ what, object, field, edit, repaired }) => {
        const [apiVersion, kind, name] = object;
        const target = ref(apiVersion, kind, name, store.namespace);
        const before = (await portal.admin.read(target))!;
        const phases = new Set<string>();
        const started = Date.now();
        await edit(other, before);
        // No enqueue and no resync: only the watch can bring the repair.
        let live: KubeObject | undefined;
        for (;;) {
          live = await portal.admin.read(target);
          phases.add((await portal.database.getStore(store.id))!.phase);
          if (live && repaired(live, before)) break;
          if (Date.now() - started > REPAIR_BUDGET_MS) {
            throw new Error(
              `${what}: not repaired in ${REPAIR_BUDGET_MS} ms; live: ${JSON.stringify(
                live?.spec ?? live?.metadata.labels,
              )}`,
            );
          }
          await new Promise(r => setTimeout(r, 50));
        }
        // eslint-disable-next-line no-console
        console.log(
          `drift repair: ${what} (${kind} ${name}) repaired in ${
            Date.now() - started
          } ms (issue target: 5000 ms)`,
        );
        if (kind === 'Deployment') {
          await rolledOutStorefrontPod(portal.admin, store.namespace);
        }
        await portal.waitForStore(store.id, s => {
          phases.add(s!.phase);
          return s?.phase === 'ready';
        });
        expect(
          [...phases].filter(p => p !== 'ready' && p !== 'degraded'),
        ).toEqual([]);
        // The event is written when the pass that repaired ends.
        const message = `Repaired ${kind} ${name}: ${field} changed or removed by someone else`;
        await waitFor(
          `the DriftRepaired event of ${kind} ${name}`,
          () => events('DriftRepaired'),
          messages => messages.includes(message),
        );
        await portal.reconciler.whenIdle();
        // One repair, one event: a pass before the watch shows our write does not repair it again.
        expect(
          (await events('DriftRepaired')).filter(m => m === message),
        ).toHaveLength(1);
      },
    );

    it('at rest, a full resync writes nothing: no request by verb, no write in the audit log, row unchanged', async () => {
      await portal.waitForStore(store.id, s => s?.phase === 'ready');
      await portal.reconciler.whenIdle();
      const path = auditLogPath();
      const offset = path ? auditOffset(path) : 0;
      const row = await portal.database.getStore(store.id);
      expect(await writesByResync(portal.reconciler, portal.kube)).toEqual({
        create: 0,
        apply: 0,
        delete: 0,
      });
      expect(await portal.database.getStore(store.id)).toEqual(row);
      // The local control plane writes an audit log of every write (an external cluster may not).
      expect(process.env.STORES_TEST_CLUSTER === 'local' && !path).toBe(false);
      const writes = path
        ? storesWritesSince(path, offset, store.namespace)
        : [];
      expect(writes).toEqual([]);
    });

    it('a ready store whose pod stops being ready is degraded with the failing condition, then ready again by itself', async () => {
      const pod = await rolledOutStorefrontPod(portal.admin, store.namespace);
      await portal.waitForStore(store.id, s => s?.phase === 'ready');
      await other.setPodReady(pod, store.namespace, false);
      const degraded = await portal.waitForStore(
        store.id,
        s => s?.phase !== 'ready',
      );
      expect(degraded).toMatchObject({
        phase: 'degraded',
        failureReason: expect.stringMatching(
          /^Progressing: Deployment wordpress/,
        ),
      });
      expect(
        degraded!.conditions.find(c => c.type === 'WordPressReady'),
      ).toMatchObject({ status: 'False', reason: 'Progressing' });
      // Later stages are still kept and judged on their own, not `Waiting`.
      expect(degraded!.conditions.filter(c => c.reason === 'Waiting')).toEqual(
        [],
      );

      await other.setPodReady(pod, store.namespace, true);
      const recovered = await portal.waitForStore(
        store.id,
        s => s?.phase !== 'degraded',
      );
      expect(recovered?.phase).toBe('ready');
      expect(recovered!.failureReason).toBeUndefined();
      const items = await portal.events(store.id);
      const reasons = items.map(e => e.reason);
      const from = reasons.lastIndexOf('Degraded');
      expect(from).toBeGreaterThan(0);
      expect(items[from].message).toMatch(
        /WordPressReady|Deployment wordpress/,
      );
      expect(reasons.slice(from)).toEqual(
        expect.arrayContaining(['Degraded', 'WordPressReady', 'Ready']),
      );
    });

    it('prunes an object of the store that the engine no longer renders, with an event', async () => {
      const stale = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: 'old-component',
          namespace: store.namespace,
          labels: {
            [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
            [STORE_ID_LABEL]: store.id,
            [STORE_INSTANCE_LABEL]: 'default',
          },
          // As written by an older engine version through the portal.reconciler.
          annotations: { [APPLIED_HASH_ANNOTATION]: 'from-an-older-engine' },
        },
        spec: { ports: [{ port: 8080 }], selector: { app: 'old' } },
      };
      const created = await portal.admin.create(stale);
      const target = ref('v1', 'Service', 'old-component', store.namespace);
      // The watch brings the store to the reconciler; nothing is enqueued here.
      await waitFor(
        'the stale Service to be deleted',
        () => portal.admin.read(target),
        live => !live || live.metadata.uid !== created.metadata.uid,
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      // The event comes with the pass's status, after the delete seen above.
      expect(
        await waitFor(
          'the Pruned event',
          () => events('Pruned'),
          pruned => pruned.length > 0,
        ),
      ).toEqual([
        'Deleted Service old-component: the engine no longer renders it',
      ]);
      // What the engine renders is still there.
      expect(
        await portal.admin.read(
          ref('v1', 'Service', 'wordpress', store.namespace),
        ),
      ).toBeDefined();
    });

    it('never generates the credentials again: a deleted Secret makes the store degraded/CredentialsLost; restoring it brings the store back', async () => {
      const secretRef = ref(
        'v1',
        'Secret',
        'store-credentials',
        store.namespace,
      );
      const original = (await portal.admin.read(secretRef))!;
      await portal.admin.delete(secretRef);
      const lost = await portal.waitForStore(
        store.id,
        s => s?.phase !== 'ready',
      );
      expect(lost).toMatchObject({
        phase: 'degraded',
        failureReason: expect.stringMatching(
          /^CredentialsLost: Secret store-credentials was deleted; it is not generated again/,
        ),
      });
      expect(await events('CredentialsLost')).toHaveLength(1);
      // Passes after that (a full resync) do not make it again either.
      await portal.reconciler.resync();
      await portal.reconciler.whenIdle();
      expect(await portal.admin.read(secretRef)).toBeUndefined();
      expect((await portal.database.getStore(store.id))?.phase).toBe(
        'degraded',
      );
      expect(await events('CredentialsLost')).toHaveLength(1);

      // The recovery procedure of docs/portal.reconciler.md: put the old values back.
      await portal.admin.create({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'store-credentials',
          namespace: store.namespace,
          labels: original.metadata.labels,
        },
        type: original.type,
        data: original.data,
      });
      const back = await portal.waitForStore(
        store.id,
        s => s?.phase === 'ready',
      );
      expect(
        back!.conditions.find(c => c.type === 'SecretReady'),
      ).toMatchObject({ status: 'True' });
    });
  },
);

import {
  createStoreRequestSchema,
  type Store,
} from '@internal/plugin-stores-common';
import {
  BACKUP_CRONJOB_NAME,
  MANUAL_INSTANTIATE_ANNOTATION,
} from '@internal/plugin-stores-node';
import type { KubeObject } from '../kubernetes/KubernetesClient';
import {
  describeReconcilerSuite,
  listInNamespace,
  testStoresConfig,
  uniqueStoreNames,
  waitFor,
  writesByResync,
} from '../reconciler/__testUtils__';
import {
  ClusterStoreBackups,
  REQUESTED_BY_ANNOTATION,
} from './ClusterStoreBackups';

/*
 * Backups against the real API server and controllers, as the chart's
 * ServiceAccount (the portal's client): a store with backups to s3 gets its
 * CronJob, whose pod is the store's own (admitted under the namespace's
 * Pod Security `restricted`, no token) and whose network reaches only the
 * database and the bucket's port; an on-demand backup is a Job made from
 * the CronJob, whose pod is admitted likewise and which the list reports;
 * a store made from that backup bootstraps by fetching it. Pods do not run
 * on the local (kwok) cluster: what this proves is the objects and their
 * admission, not a dump (the real-node lane is for that).
 */

jest.setTimeout(300_000);

/** Budget for the reconciler, the controllers and kwok on a loaded machine. */
const CLUSTER_WAIT_MS = 150_000;
const { storeName } = uniqueStoreNames();

const S3 = {
  type: 's3' as const,
  endpoint: 'https://s3.backups.test:9443',
  bucket: 'store-backups',
  region: 'eu-west-1',
  credentialsSecret: 'backup-s3-credentials',
};

function backupsConfig() {
  const config = testStoresConfig();
  config.settings.backups = { target: S3 };
  for (const plan of Object.values(config.plans)) {
    plan.backup = { schedule: '30 4 * * *', retention: 3 };
  }
  return config;
}

type Json = Record<string, any>;

/** The pods of the policies that apply to pods of `component` (by selector). */
function policiesSelecting(policies: KubeObject[], component: string) {
  return policies.filter(policy => {
    const selector = (policy.spec as Json).podSelector as Json;
    if (!selector.matchLabels && !selector.matchExpressions) {
      return true;
    }
    if (selector.matchLabels) {
      return selector.matchLabels['app.kubernetes.io/component'] === component;
    }
    return (selector.matchExpressions as Json[]).some(
      e =>
        e.key === 'app.kubernetes.io/component' &&
        e.operator === 'In' &&
        e.values.includes(component),
    );
  });
}

/** The restricted settings every store pod keeps, as the API server stored them. */
function expectStorePod(spec: Json) {
  expect(spec.automountServiceAccountToken).toBe(false);
  expect(spec.securityContext).toMatchObject({
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  });
  for (const container of [
    ...(spec.initContainers ?? []),
    ...spec.containers,
  ]) {
    expect([container.name, container.securityContext]).toEqual([
      container.name,
      {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
      },
    ]);
  }
}

describeReconcilerSuite(
  'Backups on a real API server',
  { config: backupsConfig() },
  portal => {
    let source: Store;
    let backupName: string;
    const backups = () =>
      ClusterStoreBackups.create({
        client: portal.kube,
        config: backupsConfig(),
      });

    beforeAll(async () => {
      source = await portal.provision(storeName('backup-source'));
      const started = Date.now();
      await portal.waitForStore(
        source.id,
        s => s?.phase === 'ready',
        CLUSTER_WAIT_MS,
      );
      // eslint-disable-next-line no-console
      console.log(`source store ready after ${Date.now() - started} ms`);
    });

    it("gives the store a backup CronJob on its plan's schedule, whose pod is the store's own and reaches only the database and the bucket", async () => {
      const { namespace } = source;
      const cronJob = (await portal.admin.read({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: BACKUP_CRONJOB_NAME, namespace },
      })) as Json;
      expect(cronJob.spec).toMatchObject({
        schedule: '30 4 * * *',
        concurrencyPolicy: 'Forbid',
        suspend: false,
        successfulJobsHistoryLimit: 3,
      });
      const pod = cronJob.spec.jobTemplate.spec.template.spec;
      expectStorePod(pod);
      const upload = pod.containers[0];
      for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
        expect(upload.env.find((e: Json) => e.name === key)).toEqual({
          name: key,
          valueFrom: {
            secretKeyRef: { name: S3.credentialsSecret, key },
          },
        });
      }
      const stored = await portal.database.getStore(source.id);
      expect(
        stored?.conditions.find(c => c.type === 'BackupScheduled')?.status,
      ).toBe('True');

      const policies = await listInNamespace(
        portal.admin,
        'networking.k8s.io/v1',
        'NetworkPolicy',
        namespace,
      );
      const forBackups = policiesSelecting(policies, 'backup');
      expect(forBackups.map(p => p.metadata.name).sort()).toEqual([
        'allow-backup-target',
        'allow-egress-to-database',
        'default-deny',
      ]);
      const egress = Object.fromEntries(
        forBackups.map(p => [p.metadata.name, (p.spec as Json).egress]),
      );
      // Default deny lets out DNS only; the others the database and the bucket's port.
      expect(egress['allow-egress-to-database']).toEqual([
        {
          to: [
            {
              podSelector: {
                matchLabels: {
                  'app.kubernetes.io/name': 'mariadb',
                  'app.kubernetes.io/component': 'database',
                },
              },
            },
          ],
          ports: [{ protocol: 'TCP', port: 3306 }],
        },
      ]);
      expect(egress['allow-backup-target'][0].ports).toEqual([
        { protocol: 'TCP', port: 9443 },
      ]);
      expect(egress['allow-backup-target'][0].to[0].ipBlock.except).toContain(
        '10.0.0.0/8',
      );
      expect(
        egress['default-deny'].flatMap((rule: Json) =>
          rule.ports.map((p: Json) => p.port),
        ),
      ).toEqual([53, 53]);
    });

    it("starts a backup on demand as a Job from the CronJob, whose pod the API server admits as the store's, and lists it", async () => {
      const { namespace } = source;
      const started = await backups().start(source, 'user:default/tester');
      backupName = started.name;
      expect(started).toMatchObject({ trigger: 'manual', state: 'running' });

      const job = (await portal.admin.read({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: backupName, namespace },
      })) as Json;
      expect(job.metadata.annotations).toMatchObject({
        [MANUAL_INSTANTIATE_ANNOTATION]: 'manual',
        [REQUESTED_BY_ANNOTATION]: 'user:default/tester',
      });
      expect(job.metadata.ownerReferences).toEqual([
        expect.objectContaining({
          kind: 'CronJob',
          name: BACKUP_CRONJOB_NAME,
          controller: true,
        }),
      ]);
      expect(job.metadata.labels).toMatchObject({
        'stores.backstage.io/store-id': source.id,
        'app.kubernetes.io/component': 'backup',
      });

      // The Job controller's pod passed the namespace's `restricted` admission.
      const [pod] = await waitFor(
        `a pod of backup ${backupName}`,
        async () =>
          (
            await listInNamespace(portal.admin, 'v1', 'Pod', namespace)
          ).filter(
            p =>
              p.metadata.labels?.['batch.kubernetes.io/job-name'] ===
              backupName,
          ),
        pods => pods.length > 0,
        { timeoutMs: CLUSTER_WAIT_MS, intervalMs: 500 },
      );
      expectStorePod(pod.spec as Json);

      const listed = await waitFor(
        `backup ${backupName} succeeded in the list`,
        () => backups().list(source),
        list =>
          list.items.some(
            b => b.name === backupName && b.state === 'succeeded',
          ),
        { timeoutMs: CLUSTER_WAIT_MS, intervalMs: 1000 },
      );
      expect(listed).toMatchObject({
        schedule: '30 4 * * *',
        retention: 3,
        target: 's3',
      });
      const listedBackup = listed.items.find(b => b.name === backupName);
      // eslint-disable-next-line no-console
      console.log(`listed backup: ${JSON.stringify(listedBackup)}`);
      expect(listedBackup?.startedAt).toEqual(expect.any(String));
      expect(listedBackup?.finishedAt).toEqual(expect.any(String));
      expect(await backups().get(source, backupName)).toEqual(listedBackup);
    });

    it('bootstraps a store made from the backup by fetching it from the bucket, with the same isolation', async () => {
      const name = storeName('restored');
      const { store } = await portal.database.createStore({
        request: createStoreRequestSchema.parse({
          name,
          owner: 'group:default/team-a',
          fromBackup: { store: source.id, backup: backupName },
        }),
        namespace: `store-${name}`,
        createdBy: 'user:default/tester',
        limits: { perOwner: 1000, total: 1000 },
      });
      portal.deleteAfter(store.namespace);
      expect(store.restoredFrom).toEqual({
        store: source.id,
        backup: backupName,
      });
      portal.reconciler.enqueue(store.id);
      const ready = await portal.waitForStore(
        store.id,
        s => s?.phase === 'ready' || s?.phase === 'failed',
        CLUSTER_WAIT_MS,
      );
      expect([ready?.phase, ready?.failureReason]).toEqual([
        'ready',
        undefined,
      ]);
      expect(ready?.restoredFrom).toEqual(store.restoredFrom);

      const job = (await portal.admin.read({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'wp-bootstrap', namespace: store.namespace },
      })) as Json;
      const podSpec = job.spec.template.spec;
      expectStorePod(podSpec);
      const fetch = podSpec.initContainers[0];
      expect(fetch.name).toBe('fetch');
      expect(
        Object.fromEntries(
          (fetch.env as Json[]).map(e => [e.name, e.value ?? e.valueFrom]),
        ),
      ).toMatchObject({
        SOURCE_STORE_ID: source.id,
        SOURCE_BACKUP: backupName,
        AWS_SECRET_ACCESS_KEY: {
          secretKeyRef: {
            name: S3.credentialsSecret,
            key: 'AWS_SECRET_ACCESS_KEY',
          },
        },
      });
      expect(podSpec.containers[0].command[2]).toContain(
        'restoring the database',
      );
      const policies = await listInNamespace(
        portal.admin,
        'networking.k8s.io/v1',
        'NetworkPolicy',
        store.namespace,
      );
      expect(
        policiesSelecting(policies, 'bootstrap')
          .map(p => p.metadata.name)
          .sort(),
      ).toEqual([
        'allow-backup-target',
        'allow-bootstrap-downloads',
        'allow-egress-to-database',
        'default-deny',
      ]);
      // The source store's namespace is left as it was: nothing of the new store in it.
      const foreign = (
        await listInNamespace(portal.admin, 'batch/v1', 'Job', source.namespace)
      ).filter(
        j => j.metadata.labels?.['stores.backstage.io/store-id'] === store.id,
      );
      expect(foreign).toEqual([]);
    });

    it("pauses a suspended store's schedule (its database is scaled to 0)", async () => {
      await portal.database.markSuspended(source.id, 'user:default/tester');
      portal.reconciler.enqueue(source.id);
      const suspended = await waitFor(
        'the backup CronJob suspended',
        async () =>
          (await portal.admin.read({
            apiVersion: 'batch/v1',
            kind: 'CronJob',
            metadata: {
              name: BACKUP_CRONJOB_NAME,
              namespace: source.namespace,
            },
          })) as Json | undefined,
        cronJob => cronJob?.spec.suspend === true,
        { timeoutMs: CLUSTER_WAIT_MS, intervalMs: 500 },
      );
      // The schedule is kept, only paused.
      expect(suspended?.spec.schedule).toEqual(expect.any(String));
    });

    it('leaves the backup objects as the API server stored them: a full resync writes nothing', async () => {
      expect(
        await writesByResync(portal.reconciler, portal.kube, {
          settleMs: 1000,
        }),
      ).toEqual({ create: 0, apply: 0, delete: 0 });
    });
  },
);

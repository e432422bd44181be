import { randomBytes } from 'node:crypto';
import {
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  STORE_ID_LABEL,
  STORE_INSTANCE_LABEL,
  type Store,
} from '@internal/plugin-stores-common';
import { BACKUP_CLAIM_NAME } from '@internal/plugin-stores-node';
import { ClusterStoreBackups } from '../backups/ClusterStoreBackups';
import type { KnexStoresDatabase } from '../database/KnexStoresDatabase';
import type {
  KubeObject,
  KubernetesClient,
} from '../kubernetes/KubernetesClient';
import type { StoresConfig } from '../types';
import { describeWhenAvailable } from '@internal/plugin-stores-test-utils';
import {
  settled,
  startTestPortal,
  TestPortal,
  testStoresConfig,
  uniqueStoreNames,
  waitFor,
} from './__testUtils__';

/*
 * The real-node lane (scripts/k8s-local up --real-node): a store provisioned
 * by the real reconciler and the WooCommerce engine's rendering, with its
 * MariaDB StatefulSet and WordPress Deployment running for real (kubelet,
 * containerd, runc) under Pod Security `restricted` with read-only root
 * filesystems (emptyDirs for what they write), on images the project
 * builds from Debian packages (scripts/real-node/images). The namespace is
 * created first with the annotations that send its pods to the real node
 * (PodNodeSelector, PodTolerationRestriction); the reconciler then applies
 * everything else into it.
 *
 * Cannot run here: the bootstrap Job's WooCommerce steps. There is no wp-cli
 * and no WooCommerce plugin archive (no reachable source), so the lane runs
 * the Job with the WordPress image as its `wpcli` image: the steps before the
 * first wp-cli call (WordPress files present, database reachable from PHP)
 * really run, and the Job then fails at `wp`; the store ends `failed` with
 * that output. WordPress is installed through its web installer instead.
 * Backups go to a claim of the store: the backup pod's steps run for real
 * and its dump is imported back by hand; the restore Job into a new store
 * (wp-cli, an s3 target) cannot run here.
 *
 * Runs only where `scripts/k8s-local env` exported the real node
 * (STORES_K8S_REAL_NODE ...). STORES_TEST_REQUIRE_REAL_NODE=1 (set by the
 * test command's real-node stage) turns a missing node into a failure.
 */

// Per file: cold image imports, MariaDB's first initialisation and the Job's
// retries on a loaded 2-core machine; each wait below has its own bound.
jest.setTimeout(900_000);

const env = {
  node: process.env.STORES_K8S_REAL_NODE,
  storageClass: process.env.STORES_K8S_REAL_NODE_STORAGE_CLASS,
  mariadbImage: process.env.STORES_K8S_REAL_NODE_IMAGE_MARIADB,
  wordpressImage: process.env.STORES_K8S_REAL_NODE_IMAGE_WORDPRESS,
  annotations: process.env.STORES_K8S_REAL_NODE_NAMESPACE_ANNOTATIONS,
};

function missingRealNode(): string | undefined {
  const unset = Object.entries(env)
    .filter(([, value]) => !value)
    .map(([key]) => key);
  if (unset.length === 0 && process.env.KUBECONFIG) {
    return undefined;
  }
  return `no real node: run through scripts/with-cluster after \`scripts/k8s-local up --real-node\` (root only) and eval "$(scripts/k8s-local env)"; missing: ${
    unset.join(', ') || 'KUBECONFIG'
  }`;
}

const { run } = uniqueStoreNames();
const name = `r${run}-shop`;
const namespace = `store-${name}`;
const siteTitle = `Real node shop ${run}`;

const podsOf = async (kube: KubernetesClient) =>
  (await kube.list({ apiVersion: 'v1', kind: 'Pod', namespace })).items;

const podStatus = (pod: KubeObject | undefined) => pod?.status as any;

/** The store's MariaDB password, from its generated Secret, for client pods. */
const DB_PASSWORD = {
  name: 'DB_PASSWORD',
  valueFrom: {
    secretKeyRef: { name: 'store-credentials', key: 'mariadb-password' },
  },
};

/** Shell prelude of a MariaDB client pod: `q "<sql>"` as the store's user. */
const MARIADB_QUERY = `set -u
MYSQL_PWD=$DB_PASSWORD; export MYSQL_PWD
q() { mariadb -h mariadb -u wordpress --batch --skip-column-names wordpress -e "$1"; }`;

function isReady(pod: KubeObject) {
  return (podStatus(pod)?.conditions ?? []).some(
    (c: any) => c.type === 'Ready' && c.status === 'True',
  );
}

/** A short summary of the namespace's pods, for failure messages. */
async function describePods(kube: KubernetesClient) {
  return (await podsOf(kube)).map(pod => ({
    name: pod.metadata.name,
    node: (pod.spec as any)?.nodeName,
    phase: podStatus(pod)?.phase,
    containers: (podStatus(pod)?.containerStatuses ?? []).map((s: any) => ({
      name: s.name,
      ready: s.ready,
      restarts: s.restartCount,
      state: s.state,
    })),
  }));
}

/**
 * Runs a client container in the store's namespace (restricted like the
 * store's own pods) and returns its exit code and termination message (the
 * script writes its findings to /dev/termination-log: no pod log access).
 */
async function runClient(
  kube: KubernetesClient,
  options: {
    podName: string;
    image: string;
    uid: number;
    script: string;
    env?: Array<Record<string, unknown>>;
    /** Volumes of the pod, each mounted at `/mnt/<name>`. */
    volumes?: Array<Record<string, unknown> & { name: string }>;
  },
): Promise<{ exitCode: number; message: string }> {
  await kube.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: options.podName, namespace },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: options.uid,
        runAsGroup: options.uid,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'client',
          image: options.image,
          command: ['/bin/sh', '-c', options.script],
          env: options.env ?? [],
          volumeMounts: (options.volumes ?? []).map(volume => ({
            name: volume.name,
            mountPath: `/mnt/${volume.name}`,
          })),
          // No resources: the store's LimitRange gives the plan's defaults,
          // without which its quota would refuse the pod.
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
          },
        },
      ],
      volumes: options.volumes ?? [],
    },
  });
  const pod = await waitFor(
    `client pod ${options.podName} finishes`,
    () =>
      kube.read({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: options.podName, namespace },
      }),
    p => ['Succeeded', 'Failed'].includes(podStatus(p)?.phase),
    { timeoutMs: 180_000, intervalMs: 1000 },
  );
  expect((pod!.spec as any).containers[0].resources).toEqual(
    testStoresConfig().plans.small.containerDefaults,
  );
  const terminated = podStatus(pod!).containerStatuses[0].state.terminated;
  return {
    exitCode: terminated.exitCode,
    message: String(terminated.message ?? ''),
  };
}

describeWhenAvailable(
  'a store on the real node (kubelet, containerd)',
  {
    missing: missingRealNode(),
    required: process.env.STORES_TEST_REQUIRE_REAL_NODE === '1',
    needs: 'the real node',
  },
  () => {
    let portal: TestPortal | undefined;
    let database: KnexStoresDatabase;
    let kube: KubernetesClient;
    let store: Store;
    let config: StoresConfig;

    beforeAll(async () => {
      const base = testStoresConfig();
      config = {
        ...base,
        settings: {
          ...base.settings,
          storageClassName: env.storageClass,
          images: {
            mariadb: env.mariadbImage!,
            wordpress: env.wordpressImage!,
            // No wp-cli image can be had here: see the comment at the top.
            wpcli: env.wordpressImage!,
          },
          // Backups on a claim of the store: the backup test's target.
          backups: { target: { type: 'pvc', storage: '1Gi' } },
        },
        plans: {
          ...base.plans,
          // A schedule that does not come round during the test (29 February),
          // so the only backup is the one the test starts.
          small: {
            ...base.plans.small,
            backup: { schedule: '0 3 29 2 *', retention: 2 },
          },
        },
      };
      portal = await startTestPortal({ config });
      ({ database, admin: kube } = portal);
      // Created after the start: the reconciler works on it only once enqueued.
      store = await portal.createStore(name);
      if (store.namespace !== namespace) {
        throw new Error(
          `expected namespace ${namespace}, got ${store.namespace}`,
        );
      }
      // The namespace is made before the reconciler's first pass, with the
      // annotations that send its pods to the real node and the labels by which
      // the reconciler recognises it as this store's own (it never adopts an
      // unlabelled namespace); the reconciler then applies its own rendering
      // of the namespace and everything in it.
      const annotations = Object.fromEntries(
        env
          .annotations!.split('\n')
          .filter(Boolean)
          .map(line => {
            const at = line.indexOf('=');
            return [line.slice(0, at), line.slice(at + 1)];
          }),
      );
      await kube.create({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: namespace,
          annotations,
          labels: {
            [STORE_ID_LABEL]: store.id,
            [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
            [STORE_INSTANCE_LABEL]: config.instanceId,
            // A store namespace before the reconciler's first write too: the
            // portal's admission policy lets it change no other namespace.
            'pod-security.kubernetes.io/enforce': 'restricted',
          },
        },
      });
      portal.reconciler.enqueue(store.id);
    });

    afterAll(async () => {
      await portal?.stop();
      if (kube) {
        await kube.delete({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace },
        });
        // Wait, so that the pods are stopped and the volumes released before
        // the lane is torn down.
        await waitFor(
          `namespace ${namespace} is deleted`,
          () =>
            kube.read({
              apiVersion: 'v1',
              kind: 'Namespace',
              metadata: { name: namespace },
            }),
          ns => ns === undefined,
          { timeoutMs: 240_000, intervalMs: 1000 },
        );
      }
      await portal?.dispose();
    });

    it('runs MariaDB and WordPress on the real node, Running and Ready under restricted', async () => {
      const ready = await waitFor(
        'the database and WordPress stages are ready',
        async () => ({
          store: await database.getStore(store.id),
          pods: await describePods(kube),
        }),
        ({ store: s }) =>
          ['DatabaseReady', 'WordPressReady'].every(type =>
            s?.conditions.some(c => c.type === type && c.status === 'True'),
          ),
        { timeoutMs: 600_000, intervalMs: 1000 },
      );
      expect(ready.store?.namespace).toBe(namespace);

      const ns = await kube.read({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      });
      expect(ns?.metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
      });

      const pods = await podsOf(kube);
      const byApp = (app: string) =>
        pods.filter(p => p.metadata.name.startsWith(app) && isReady(p));
      const [mariadb] = byApp('mariadb-');
      const [wordpress] = byApp('wordpress-');
      expect(mariadb).toBeDefined();
      expect(wordpress).toBeDefined();
      for (const pod of [mariadb, wordpress]) {
        expect(podStatus(pod).phase).toBe('Running');
        expect((pod.spec as any).nodeName).toBe(env.node);
        expect(podStatus(pod).containerStatuses[0].imageID).toBeTruthy();
      }
      // Read-only root filesystems: what the images write goes to the
      // emptyDirs (docs/store-pods.md), and both run.
      const hardening = (pod: KubeObject) => ({
        readOnlyRoot: (pod.spec as any).containers[0].securityContext
          .readOnlyRootFilesystem,
        emptyDirs: ((pod.spec as any).volumes ?? [])
          .filter((v: any) => v.emptyDir)
          .map((v: any) => v.name),
      });
      expect([hardening(mariadb), hardening(wordpress)]).toEqual([
        { readOnlyRoot: true, emptyDirs: ['tmp', 'run'] },
        { readOnlyRoot: true, emptyDirs: ['tmp', 'apache-run', 'apache-lock'] },
      ]);
      // The engine's own security contexts, as admitted and run.
      expect((mariadb.spec as any).securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 999,
      });
      expect((wordpress.spec as any).securityContext).toMatchObject({
        runAsUser: 33,
        sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }],
      });
      expect(podStatus(mariadb).containerStatuses[0].image).toBe(
        env.mariadbImage,
      );
      expect(podStatus(wordpress).containerStatuses[0].image).toBe(
        env.wordpressImage,
      );
    });

    it('runs the bootstrap Job up to its first wp-cli step, which cannot run here', async () => {
      const failed = await waitFor(
        'the bootstrap Job fails',
        () => database.getStore(store.id),
        settled,
        { timeoutMs: 600_000, intervalMs: 1000 },
      );
      expect(failed?.phase).toBe('failed');
      // Steps 1 and 2 ran for real: wp-config.php was written by the WordPress
      // container, and PHP in the Job's pod connected to MariaDB with the
      // generated credentials. Step 3 needs wp-cli.
      expect(failed!.failureReason).toMatch(/^BackoffLimitExceeded/);
      expect(failed!.failureReason).toContain(
        '[bootstrap] 2/9 waiting for the database',
      );
      expect(failed!.failureReason).toContain(
        '[bootstrap] 3/9 installing WordPress',
      );
      expect(failed!.failureReason).toMatch(/wp: (command )?not found/);
    });

    it('installs WordPress through its web installer from a pod, then serves the site through its Service', async () => {
      // Through the Service's name: the lane's DNS and kube-proxy route it.
      const script = `
set -u
base=http://wordpress
out=/dev/termination-log
form=$(curl -sS -o /tmp/form.html -w '%{http_code}' "$base/wp-admin/install.php") || { echo "form: curl failed" >$out; exit 1; }
grep -q 'id="setup"' /tmp/form.html && setup=yes || setup=no
install=$(curl -sS -o /tmp/step2.html -w '%{http_code}' \\
  --data-urlencode "weblog_title=$TITLE" --data-urlencode 'user_name=admin' \\
  --data-urlencode "admin_password=$PASSWORD" --data-urlencode "admin_password2=$PASSWORD" \\
  --data-urlencode 'pw_weak=1' --data-urlencode 'admin_email=admin@stores.test' \\
  --data-urlencode 'blog_public=0' --data-urlencode 'language=' \\
  "$base/wp-admin/install.php?step=2") || { echo "install: curl failed" >$out; exit 1; }
grep -q '<h1>Success!</h1>' /tmp/step2.html && success=yes || success=no
front=$(curl -sS -o /tmp/front.html -w '%{http_code}' "$base/") || { echo "front: curl failed" >$out; exit 1; }
grep -qF "$TITLE" /tmp/front.html && title=yes || title=no
grep -q 'wp-content/themes/twentytwentythree' /tmp/front.html && theme=yes || theme=no
printf 'form=%s setup=%s install=%s success=%s front=%s title=%s theme=%s\\n' \\
  "$form" "$setup" "$install" "$success" "$front" "$title" "$theme" >$out
`;
      const result = await runClient(kube, {
        podName: 'web-installer',
        image: env.wordpressImage!,
        uid: 33,
        script,
        env: [
          { name: 'TITLE', value: siteTitle },
          { name: 'PASSWORD', value: randomBytes(12).toString('hex') },
        ],
      });
      expect(result).toEqual({
        exitCode: 0,
        message:
          'form=200 setup=yes install=200 success=yes front=200 title=yes theme=yes\n',
      });
    });

    it('finds the tables the installer created in MariaDB, with the generated credentials', async () => {
      const script = `${MARIADB_QUERY}
tables=$(q "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'wordpress' AND TABLE_NAME IN ('wp_options', 'wp_posts', 'wp_users')") || { echo "query failed" >/dev/termination-log; exit 1; }
blogname=$(q "SELECT option_value FROM wp_options WHERE option_name = 'blogname'")
printf 'tables=%s blogname=%s\\n' "$tables" "$blogname" >/dev/termination-log
`;
      const result = await runClient(kube, {
        podName: 'db-check',
        image: env.mariadbImage!,
        uid: 999,
        script,
        env: [DB_PASSWORD],
      });
      expect(result).toEqual({
        exitCode: 0,
        message: `tables=3 blogname=${siteTitle}\n`,
      });
    });

    it("backs up the real MariaDB and wp-content with the engine's backup pod, and the dump brings back a row deleted after it", async () => {
      // A row written before the backup.
      const probe = randomBytes(8).toString('hex');
      const written = await runClient(kube, {
        podName: 'probe-write',
        image: env.mariadbImage!,
        uid: 999,
        script: `${MARIADB_QUERY}
q "INSERT INTO wp_options (option_name, option_value, autoload) VALUES ('stores_backup_probe', '$PROBE', 'no')" || { echo "insert failed" >/dev/termination-log; exit 1; }
echo written >/dev/termination-log
`,
        env: [DB_PASSWORD, { name: 'PROBE', value: probe }],
      });
      expect(written).toEqual({ exitCode: 0, message: 'written\n' });

      // The backup as the portal starts it (POST /stores/:id/backups calls
      // this after its checks): a Job from the CronJob the reconciler put in
      // place, whose pod runs the engine's steps for real: mariadb-dump in
      // the MariaDB image, tar of wp-content and the claim's final move in
      // the wp-cli image (here WordPress's, see the top).
      const backups = ClusterStoreBackups.create({
        client: portal!.kube,
        config,
      });
      const started = await backups.start(store, 'user:default/tester');
      const backup = await waitFor(
        `backup ${started.name} ends`,
        () => backups.get(store, started.name),
        b => b !== undefined && b.state !== 'running',
        { timeoutMs: 600_000, intervalMs: 2000 },
      );
      // eslint-disable-next-line no-console
      console.log(`real-node backup: ${JSON.stringify(backup)}`);
      expect(backup).toMatchObject({ state: 'succeeded', trigger: 'manual' });
      expect(backup!.sizeBytes).toBeGreaterThan(10_000);

      // The row deleted after the backup; then the dump from the store's
      // backup claim imported as the store's database user, as a restore's
      // \`wp db import\` does (the restore Job itself needs wp-cli).
      const restored = await runClient(kube, {
        podName: 'probe-restore',
        image: env.mariadbImage!,
        uid: 999,
        script: `${MARIADB_QUERY}
dir=/mnt/backups/${started.name}
q "DELETE FROM wp_options WHERE option_name = 'stores_backup_probe'" || { echo "delete failed" >/dev/termination-log; exit 1; }
before=$(q "SELECT COUNT(*) FROM wp_options WHERE option_name = 'stores_backup_probe'")
mariadb -h mariadb -u wordpress wordpress < "$dir/database.sql" || { echo "import failed" >/dev/termination-log; exit 1; }
after=$(q "SELECT option_value FROM wp_options WHERE option_name = 'stores_backup_probe'")
theme=$(tar -tzf "$dir/content.tar.gz" | grep -c '^wp-content/themes/twentytwentythree/theme.json$')
printf 'before=%s after=%s theme=%s url=%s\n' "$before" "$after" "$theme" "$(cat "$dir/source-url")" >/dev/termination-log
`,
        env: [DB_PASSWORD],
        volumes: [
          {
            name: 'backups',
            persistentVolumeClaim: {
              claimName: BACKUP_CLAIM_NAME,
              readOnly: true,
            },
          },
        ],
      });
      // The storefront's URL (the row lists URLs only once a store is ready).
      const url = `${config.settings.scheme}://${name}.${config.settings.baseDomain}/`;
      expect(restored).toEqual({
        exitCode: 0,
        message: `before=0 after=${probe} theme=1 url=${url}\n`,
      });
    });
  },
);

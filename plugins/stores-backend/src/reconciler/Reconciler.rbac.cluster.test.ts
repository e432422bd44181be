import {
  broadGrants,
  type ChartServiceAccount,
  chartServiceAccount,
  clusterRoleRules,
  describeWithCluster,
} from '@internal/plugin-stores-test-utils';
import type { KnexStoresDatabase } from '../database/KnexStoresDatabase';
import type { KubernetesClient } from '../kubernetes/KubernetesClient';
import {
  createSqliteStoresDatabase,
  createTestStore,
  startReconciler,
  testStoresConfig,
  uniqueStoreNames,
  waitForStore,
} from './__testUtils__';
import type { Reconciler } from './Reconciler';

/*
 * The reconciler as the Helm chart's ServiceAccount, bound to the chart's
 * rendered ClusterRole (charts/stores-portal, applied by chartServiceAccount):
 * that role grants no wildcard, escalate, bind or impersonate, and reads
 * Secrets only by name (`resourceNames`: the API server allows a list/watch
 * then only with the field selector `metadata.name=<that name>`). A request
 * outside the role is refused with 403, and a store still becomes ready and
 * is deleted. The other reconciler suites run as the same account.
 */

jest.setTimeout(180_000);

const { run } = uniqueStoreNames();
const GENERATED_SECRET = 'store-credentials';
/** The temporary Secret of an admin password rotation (credentials/). */
const ROTATION_SECRET = 'store-credentials-rotation';

describeWithCluster("Reconciler as the chart's ServiceAccount", () => {
  let account: ChartServiceAccount;
  let reconciler: Reconciler | undefined;
  let kube: KubernetesClient;
  let admin: KubernetesClient;
  let database: KnexStoresDatabase;
  const namespaces: string[] = [];

  beforeAll(async () => {
    account = await chartServiceAccount();
    ({ database } = await createSqliteStoresDatabase());
    ({ reconciler, kube, admin } = await startReconciler({
      config: testStoresConfig(),
      database,
    }));
  });

  afterAll(async () => {
    await reconciler?.stop();
    for (const name of namespaces) {
      await admin
        ?.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
        .catch(() => undefined);
    }
  });

  it('is bound to the rendered ClusterRole: no wildcard, escalate, bind, impersonate, nor Secret reads without names', async () => {
    const rendered = account.clusterRole;
    const rules = clusterRoleRules(rendered);
    expect(rules.length).toBeGreaterThan(0);
    expect(broadGrants(rules)).toEqual([]);
    const secretReads = rules.filter(
      rule =>
        rule.resources?.includes('secrets') &&
        rule.verbs.some(v => ['get', 'list', 'watch'].includes(v)),
    );
    expect(secretReads.length).toBeGreaterThan(0);
    expect(secretReads.map(rule => rule.resourceNames)).toEqual(
      secretReads.map(() => [GENERATED_SECRET, ROTATION_SECRET]),
    );

    // The role in force on the cluster is the rendered one.
    const live = await admin.read({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: rendered.metadata.name },
    });
    expect(live?.rules).toEqual(rules);
  });

  it('is refused what the role leaves out (403), and allowed the generated Secret by name', async () => {
    const refused: Array<[string, () => Promise<unknown>]> = [
      ['list Secrets', () => kube.list({ apiVersion: 'v1', kind: 'Secret' })],
      [
        'get another Secret',
        () =>
          kube.read({
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'other', namespace: 'kube-system' },
          }),
      ],
      [
        'list ConfigMaps',
        () => kube.list({ apiVersion: 'v1', kind: 'ConfigMap' }),
      ],
      [
        'list ClusterRoles',
        () =>
          kube.list({
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRole',
          }),
      ],
      [
        'delete its own ClusterRole',
        () =>
          kube.delete({
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRole',
            metadata: { name: account.clusterRole.metadata.name },
          }),
      ],
    ];
    const user = account.user;
    const outcomeOf = (error: {
      code?: number;
      body?: unknown;
      message?: string;
    }) => ({
      code: error.code,
      // The API server names the user it refused: the account, not the admin.
      asAccount: `${error.body ?? ''} ${error.message}`.includes(user),
    });
    for (const [what, request] of refused) {
      const outcome = await request().then(() => 'allowed', outcomeOf);
      expect({ what, outcome }).toEqual({
        what,
        outcome: { code: 403, asAccount: true },
      });
    }
    await expect(
      kube.list({
        apiVersion: 'v1',
        kind: 'Secret',
        fieldSelector: `metadata.name=${GENERATED_SECRET}`,
      }),
    ).resolves.toMatchObject({ items: expect.any(Array) });
    // A rotation's temporary Secret, by name: RBAC lets the request through
    // (404, not 403), where another name of the same namespace is refused.
    const rotationSecret = (name: string) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: 'default' },
    });
    await expect(kube.read(rotationSecret(ROTATION_SECRET))).resolves.toBe(
      undefined,
    );
    await expect(kube.delete(rotationSecret(ROTATION_SECRET))).resolves.toBe(
      false,
    );
    await expect(
      kube.read(rotationSecret(`${ROTATION_SECRET}-x`)),
    ).rejects.toMatchObject({ code: 403 });
  });

  it('provisions a store to ready and deletes it as that account', async () => {
    const store = await createTestStore(database, `t${run}-rbac`);
    namespaces.push(store.namespace);
    reconciler!.enqueue(store.id);
    const ready = await waitForStore(
      database,
      store.id,
      s => s?.phase === 'ready' || s?.phase === 'failed',
      120_000,
    );
    expect(ready?.phase).toBe('ready');
    const secret = await admin.read({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: GENERATED_SECRET, namespace: store.namespace },
    });
    expect(secret?.data).toBeDefined();

    await database.markDeleting(store.id, 'user:default/tester');
    reconciler!.enqueue(store.id);
    await waitForStore(database, store.id, s => s === undefined, 120_000);
  });
});

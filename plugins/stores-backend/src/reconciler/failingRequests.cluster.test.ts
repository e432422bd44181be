import {
  RECONCILED_CONDITION,
  STORE_SLUG_LABEL,
} from '@internal/plugin-stores-common';
import type { KubernetesClient } from '../kubernetes/KubernetesClient';
import {
  describeReconcilerSuite,
  testStoresConfig,
  uniqueStoreNames,
} from './__testUtils__';

jest.setTimeout(240_000);

const { run, storeName } = uniqueStoreNames();

/**
 * An admission webhook that refuses nothing but cannot be reached, with
 * `failurePolicy: Fail`: every Service create in the namespaces of the
 * stores named gets HTTP 500 "failed calling webhook", as long as it is
 * there. Scoped to this suite's stores by their namespaces' name label.
 */
function unreachableWebhook(name: string, storeNames: string[]) {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name },
    webhooks: [
      {
        name: 'refuse.stores.test',
        // Port 1 on the loopback: the API server's call is refused at once.
        clientConfig: { url: 'https://127.0.0.1:1/validate' },
        rules: [
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            operations: ['CREATE'],
            resources: ['services'],
          },
        ],
        namespaceSelector: {
          matchExpressions: [
            { key: STORE_SLUG_LABEL, operator: 'In', values: storeNames },
          ],
        },
        failurePolicy: 'Fail',
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
        timeoutSeconds: 2,
      },
    ],
  };
}

async function deleteWebhook(admin: KubernetesClient, name: string) {
  await admin.delete({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name },
  });
}

describeReconcilerSuite(
  'Reconciler: requests that keep failing are said on the store',
  {},
  portal => {
    const name = storeName('webhook');
    const webhook = `t${run}-unreachable-recover`;

    afterAll(async () => {
      await deleteWebhook(portal.admin, webhook).catch(() => {});
    });

    it('shows a Reconciled False condition with the error and one Warning event, then drops it once the requests get through', async () => {
      await portal.admin.create(unreachableWebhook(webhook, [name]));
      const store = await portal.provision(name);
      const stuck = await portal.waitForStore(store.id, s =>
        Boolean(s?.conditions.some(c => c.type === RECONCILED_CONDITION)),
      );
      expect(stuck?.phase).toBe('provisioning');
      expect(
        stuck!.conditions.find(c => c.type === RECONCILED_CONDITION),
      ).toMatchObject({
        status: 'False',
        reason: 'RequestsFailing',
        message: expect.stringMatching(
          /^Requests to the cluster keep failing: .*failed calling webhook/,
        ),
      });
      // Not a generation observed: the next full pass still starts it.
      expect(stuck!.observedGeneration).toBeLessThan(stuck!.generation);

      await deleteWebhook(portal.admin, webhook);
      const ready = await portal.waitForStore(
        store.id,
        s => s?.phase !== 'provisioning',
      );
      expect(ready?.phase).toBe('ready');
      expect(
        ready!.conditions.filter(c => c.type === RECONCILED_CONDITION),
      ).toEqual([]);
      const failing = (await portal.events(store.id)).filter(
        e => e.reason === 'RequestsFailing',
      );
      expect(failing).toHaveLength(1);
      expect(failing[0]).toMatchObject({
        type: 'Warning',
        message: expect.stringContaining('failed calling webhook'),
      });
    });
  },
);

describeReconcilerSuite(
  'Reconciler: a store whose requests keep failing still fails at its provisioning timeout',
  { config: testStoresConfig({ reconciler: { provisionTimeoutSeconds: 8 } }) },
  portal => {
    const name = storeName('webhook-timeout');
    const webhook = `t${run}-unreachable-timeout`;

    afterAll(async () => {
      await deleteWebhook(portal.admin, webhook).catch(() => {});
    });

    it('fails with Timeout and the request error as its reason, and stays failed', async () => {
      await portal.admin.create(unreachableWebhook(webhook, [name]));
      const store = await portal.provision(name);
      const failed = await portal.waitForStore(
        store.id,
        s => s?.phase === 'failed',
      );
      expect(failed?.failureReason).toMatch(
        /^Timeout: not ready after 8 s; Requests to the cluster keep failing: .*failed calling webhook/,
      );
      const reasons = (await portal.events(store.id)).map(e => e.reason);
      expect(reasons).toEqual(
        expect.arrayContaining(['RequestsFailing', 'Failed']),
      );
      // Failed is terminal until a retry: no pass undoes it meanwhile.
      await portal.reconciler.whenIdle();
      expect((await portal.database.getStore(store.id))?.phase).toBe('failed');
    });
  },
);

import { mockServices } from '@backstage/backend-test-utils';
import { WooCommerceEngine } from '@internal/plugin-stores-backend-module-woocommerce';
import type { StoreEngine } from '@internal/plugin-stores-node';
import type {
  KubeObject,
  KubernetesClient,
} from '../kubernetes/KubernetesClient';
import {
  describeReconcilerSuite,
  testStoresConfig,
  uniqueStoreNames,
} from '../reconciler/__testUtils__';
import { ClusterStoreCredentials } from './ClusterStoreCredentials';

/*
 * Reading and rotating a store's admin password against the local control
 * plane, as the chart's ServiceAccount (the test portal's client). kwok runs
 * no container: a Job's pod completes by itself, and fails when its template
 * carries kwok's failure label, which the engine option puts on the rotation
 * Job of the stores named in `failing`. What the rotation Job would do in
 * WordPress (wp-cli) is not run here.
 */

jest.setTimeout(240_000);

const KWOK_FAIL_LABEL = 'pod-container-running-failed.stage.kwok.x-k8s.io';
const { storeName } = uniqueStoreNames();
const failing = new Set<string>();
const engineOptions = {
  rotationPodLabels: (store: { name: string }): Record<string, string> =>
    failing.has(store.name) ? { [KWOK_FAIL_LABEL]: 'true' } : {},
};

/** The client, recording every object it was asked to create. */
function recordingCreates(client: KubernetesClient) {
  const created: KubeObject[] = [];
  const recording = new Proxy(client, {
    get(target, key) {
      if (key === 'create') {
        return async (object: KubeObject) => {
          const result = await target.create(object);
          created.push(object);
          return result;
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { client: recording, created };
}

const secretRef = (namespace: string, name = 'store-credentials') => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace },
});

describeReconcilerSuite(
  'Store admin credentials against a real API server',
  { engineOptions },
  portal => {
    function credentialsService() {
      const engine = WooCommerceEngine.create(engineOptions);
      const recorded = recordingCreates(portal.kube);
      const logger = mockServices.logger.mock();
      const service = ClusterStoreCredentials.create({
        client: recorded.client,
        engines: new Map<string, StoreEngine>([[engine.id, engine]]),
        config: testStoresConfig(),
        database: portal.database,
        logger,
      });
      return { service, created: recorded.created, logger };
    }

    async function readyStore(what: string) {
      const store = await portal.provision(storeName(what));
      const ready = await portal.waitForStore(
        store.id,
        s => s?.phase === 'ready' || s?.phase === 'failed',
        180_000,
      );
      expect(ready?.phase).toBe('ready');
      return ready!;
    }

    async function storedPassword(namespace: string) {
      const secret = await portal.admin.read(secretRef(namespace));
      const data = secret?.data as Record<string, string>;
      return Buffer.from(data['wordpress-admin-password'], 'base64').toString();
    }

    it('reads the admin user and password from the generated Secret, and rotates it through a hardened Job with the store image: the Secret gets the new value after the Job succeeded', async () => {
      const store = await readyStore('rotate');
      const { service, created, logger } = credentialsService();

      const before = await service.read(store);
      expect(before.username).toBe('admin');
      expect(before.password).toBe(await storedPassword(store.namespace));
      expect(before.password.length).toBeGreaterThanOrEqual(32);

      const started = await service.rotate(store, 'user:default/alice');
      expect(started.job).toBe('wp-admin-password');
      // A second one while it runs is refused.
      await expect(service.rotate(store, 'user:default/alice')).rejects.toThrow(
        /being rotated already/,
      );
      await expect(started.finished).resolves.toBe(true);

      const after = await service.read(store);
      expect(after.username).toBe('admin');
      expect(after.password).not.toBe(before.password);
      expect(after.password).toBe(await storedPassword(store.namespace));

      // What was created: the temporary Secret first, then the Job, both
      // admitted in the namespace under Pod Security `restricted`.
      expect(created.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
        'Secret/store-credentials-rotation',
        'Job/wp-admin-password',
      ]);
      const [temp, job] = created;
      expect(
        Buffer.from(
          (temp.data as Record<string, string>)['wordpress-admin-password'],
          'base64',
        ).toString(),
      ).toBe(after.password);
      const pod = (job.spec as any).template.spec;
      expect(pod.containers.map((c: any) => c.image)).toEqual([
        testStoresConfig().settings.images.wpcli,
      ]);
      expect(pod).toMatchObject({
        automountServiceAccountToken: false,
        securityContext: {
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        },
      });
      expect(pod.containers[0].securityContext).toEqual({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
      });
      // The new password only by reference, never as a literal.
      expect(pod.containers[0].env).toContainEqual({
        name: 'NEW_ADMIN_PASSWORD',
        valueFrom: {
          secretKeyRef: {
            name: 'store-credentials-rotation',
            key: 'wordpress-admin-password',
          },
        },
      });
      expect(JSON.stringify(job)).not.toContain(after.password);
      expect(job.metadata.labels).toMatchObject({
        'stores.backstage.io/store-id': store.id,
      });

      // Cleaned up: the temporary Secret is gone, the Job gone or going.
      expect(
        await portal.admin.read(secretRef(store.namespace, temp.metadata.name)),
      ).toBeUndefined();
      const leftJob = await portal.admin.read(job);
      expect(
        leftJob === undefined || !!leftJob.metadata.deletionTimestamp,
      ).toBe(true);

      const events = await portal.events(store.id);
      expect(events.map(e => e.reason)).toContain('CredentialsRotated');
      const everything = JSON.stringify({
        events,
        logs: [logger.info, logger.warn, logger.error].map(m => m.mock.calls),
      });
      expect(everything).not.toContain(before.password);
      expect(everything).not.toContain(after.password);
    });

    it('leaves the old password when the rotation Job fails, says why in a Warning event, and cleans up', async () => {
      const store = await readyStore('rotate-fail');
      const { service } = credentialsService();
      const before = await service.read(store);

      failing.add(store.name);
      const started = await service.rotate(store, 'user:default/alice');
      await expect(started.finished).resolves.toBe(false);

      expect(await storedPassword(store.namespace)).toBe(before.password);
      expect((await service.read(store)).password).toBe(before.password);
      const failed = (await portal.events(store.id)).find(
        e => e.reason === 'CredentialsRotationFailed',
      );
      expect(failed).toMatchObject({ type: 'Warning' });
      expect(failed!.message).toContain(
        'The admin password was not changed; the previous one still holds',
      );
      expect(failed!.message).toContain('Job wp-admin-password failed');
      expect(
        await portal.admin.read(
          secretRef(store.namespace, 'store-credentials-rotation'),
        ),
      ).toBeUndefined();

      // The next rotation starts afresh and succeeds.
      failing.delete(store.name);
      const again = await service.rotate(store, 'user:default/alice');
      await expect(again.finished).resolves.toBe(true);
      expect(await storedPassword(store.namespace)).not.toBe(before.password);
    });

    it('refuses to rotate a store that is not ready', async () => {
      const store = await portal.createStore(storeName('pending'));
      const { service, created } = credentialsService();
      await expect(service.rotate(store, 'user:default/alice')).rejects.toThrow(
        `Only a ready store's admin password can be rotated; store "${store.name}" is pending`,
      );
      await expect(service.read(store)).rejects.toThrow(
        `Store "${store.name}" has no credentials yet: it is pending`,
      );
      expect(created).toEqual([]);
    });
  },
);

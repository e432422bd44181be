import { mockCredentials } from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { describeWithCluster } from '@internal/plugin-stores-test-utils';
import request from 'supertest';
import { ScaffolderApi } from '../__testUtils__/scaffolderApi';
import { ALLOWED_USER } from '../__testUtils__/storesTestBackend';
import {
  TASK_GUARD_MS,
  useTemplateSuite,
} from '../__testUtils__/templateSuite';
import { loadTemplate } from '../__testUtils__/templates';

/*
 * Runs templates/restore-store through the real scaffolder backend (its
 * REST API), and so the real stores:create action with `fromBackup`,
 * against the real stores backend. Without a cluster first: the backend
 * checks a restore's source (its target, the store, the permission) before
 * it asks the cluster for the backup, and without a cluster it says so. The
 * last block needs the local cluster (describeWithCluster): a store backed
 * up on demand is restored into a new store through the template, which
 * waits until the new store is ready (the Jobs' pods are simulated there:
 * the objects and the flow are real, the data is the stores backend's
 * cluster tests' and the real-node lane's).
 */

const createTemplate = loadTemplate('woocommerce-store');
const restoreTemplate = loadTemplate('restore-store');
const restoreRef = stringifyEntityRef(restoreTemplate);

jest.setTimeout(60_000);

/** An S3 target: what a restore into a new store needs. */
const S3_BACKUPS = {
  enabled: true,
  target: {
    type: 's3',
    endpoint: 'https://s3.example.test',
    bucket: 'store-backups',
    credentialsSecret: 'store-backup-s3',
  },
};

function values(overrides: JsonObject = {}): JsonObject {
  return {
    source: 'resource:default/source-shop',
    backup: 'source-shop-manual-1',
    name: 'restored-shop',
    owner: 'group:default/team-a',
    plan: 'small',
    waitForReady: false,
    ...overrides,
  };
}

async function storeNames(api: ScaffolderApi): Promise<string[]> {
  const list = await api.listStores();
  return list.body.items.map((s: { name: string }) => s.name);
}

describe('restore-store template through the scaffolder (no cluster, backups off)', () => {
  const t = useTemplateSuite({ templates: [restoreTemplate] });

  it('the form schema refuses a bad backup name before any task exists', async () => {
    const res = await t.alice.dryRun(
      restoreTemplate as unknown as JsonObject,
      values({ backup: 'Nightly_1' }),
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('does not match pattern');
  });

  it('the action refuses a bad backup name clearly when the form is bypassed', async () => {
    const unchecked = structuredClone(restoreTemplate) as any;
    delete unchecked.spec.parameters[0].properties.backup.pattern;

    const res = await t.alice.dryRun(
      unchecked,
      values({ backup: 'Nightly_1' }),
    );

    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'fromBackup.backup "Nightly_1" is not a backup name: 1-63 lowercase letters, digits and dashes, starting and ending with a letter or digit, as the store\'s Backups card lists it',
    );
  });

  it("a task fails with the backend's reason when backups are off, and creates no store", async () => {
    const created = await t.alice.createTask(restoreRef, values());
    expect(created.status).toBe(201);
    const task = await t.alice.waitForTask(created.body.id, TASK_GUARD_MS);

    expect(task.status).toBe('failed');
    expect(task.log).toContain(
      'ConflictError: Could not restore backup "source-shop-manual-1" of store "source-shop" into new store "restored-shop": fromBackup: backups are not configured in this portal (stores.backups.enabled)',
    );
    expect(await storeNames(t.alice)).toEqual([]);
  });
});

describe('restore-store template through the scaffolder (no cluster, S3 target)', () => {
  const t = useTemplateSuite({
    templates: [createTemplate, restoreTemplate],
    stores: { backups: S3_BACKUPS },
    seed: { template: createTemplate, names: ['source-shop'] },
  });

  it('a source store that does not exist fails the task with the reason', async () => {
    const created = await t.alice.createTask(
      restoreRef,
      values({ source: 'resource:default/ghost-shop' }),
    );
    const task = await t.alice.waitForTask(created.body.id, TASK_GUARD_MS);

    expect(task.status).toBe('failed');
    expect(task.log).toContain(
      'InputError: Could not restore backup "source-shop-manual-1" of store "ghost-shop" into new store "restored-shop": fromBackup.store: no store "ghost-shop" (by id or name) that you can read',
    );
    expect(await storeNames(t.alice)).toEqual(['source-shop']);
  });

  it('the source store picked in the form is found by the backend, which then needs the cluster for the backup', async () => {
    const created = await t.alice.createTask(restoreRef, values());
    const task = await t.alice.waitForTask(created.body.id, TASK_GUARD_MS);

    expect(task.status).toBe('failed');
    expect(task.log.join('\n')).toContain(
      'Could not restore backup "source-shop-manual-1" of store "source-shop" into new store "restored-shop": Store backups are Jobs in the cluster, and no reconciler runs in this backend',
    );
    expect(await storeNames(t.alice)).toEqual(['source-shop']);
  });
});

/** Provisioning in the local cluster: a guard against a hang, not a timing assertion. */
const READY_GUARD_MS = 14 * 60_000;

/** Polls `probe` until it gives a value; `guardMs` only guards against a hang. */
async function until<T>(
  what: string,
  guardMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const giveUpAt = Date.now() + guardMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > giveUpAt) {
      throw new Error(`gave up waiting for ${what} after ${guardMs / 1000} s`);
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

describeWithCluster(
  'restore-store template through the scaffolder (local cluster)',
  () => {
    const runId = Date.now().toString(36);
    const source = `rsrc-${runId}`;
    const restored = `rdst-${runId}`;
    const authorization = mockCredentials.user.header(ALLOWED_USER);
    const t = useTemplateSuite({
      templates: [createTemplate, restoreTemplate],
      stores: { backups: S3_BACKUPS },
      cluster: { cleanUp: () => [source, restored] },
    });

    it(
      'a backup taken on demand is restored into a new ready store that records where it came from',
      async () => {
        const t0 = Date.now();
        const created = await t.alice.createTask(
          stringifyEntityRef(createTemplate),
          {
            name: source,
            owner: 'group:default/team-a',
            plan: 'small',
            sampleData: false,
            waitForReady: true,
          },
        );
        const createTask = await t.alice.waitForTask(
          created.body.id,
          READY_GUARD_MS,
        );
        expect({
          status: createTask.status,
          log: createTask.log,
        }).toMatchObject({ status: 'completed' });
        const sourceStore = (await t.alice.listStores(source)).body.items.find(
          (s: { name: string }) => s.name === source,
        );
        // eslint-disable-next-line no-console
        console.log(`source store ready after ${Date.now() - t0} ms`);

        // The backup CronJob is one of the store's objects; a backup now is a
        // Job made from it.
        const started = await until(
          'the backup to start',
          READY_GUARD_MS,
          async () => {
            const res = await request(t.backend.server)
              .post(`/api/stores/stores/${sourceStore.id}/backups`)
              .set('Authorization', authorization);
            return res.status === 202 ? res.body : undefined;
          },
        );
        expect(started).toMatchObject({ trigger: 'manual', state: 'running' });
        const finished = await until(
          'the backup to end',
          READY_GUARD_MS,
          async () => {
            const res = await request(t.backend.server)
              .get(`/api/stores/stores/${sourceStore.id}/backups`)
              .set('Authorization', authorization);
            const backup = res.body.items?.find(
              (b: { name: string }) => b.name === started.name,
            );
            return backup?.state === 'running' ? undefined : backup;
          },
        );
        expect(finished.state).toBe('succeeded');
        // eslint-disable-next-line no-console
        console.log(
          `backup ${started.name} succeeded after ${Date.now() - t0} ms`,
        );

        const task = await t.alice.waitForTask(
          (
            await t.alice.createTask(
              restoreRef,
              values({
                source: `resource:default/${source}`,
                backup: started.name,
                name: restored,
                waitForReady: true,
              }),
            )
          ).body.id,
          READY_GUARD_MS,
        );
        expect({ status: task.status, log: task.log }).toMatchObject({
          status: 'completed',
        });
        expect(task.log.join('\n')).toContain(
          `Creating store "${restored}" for group:default/team-a from backup "${started.name}" of store "${source}"`,
        );
        expect(task.output?.text?.[0]?.content).toContain(
          `Store **${restored}** is ready, restored from backup`,
        );
        const restoredStore = (
          await t.alice.listStores(restored)
        ).body.items.find((s: { name: string }) => s.name === restored);
        expect(restoredStore).toMatchObject({
          phase: 'ready',
          engine: 'woocommerce',
          namespace: `store-${restored}`,
          restoredFrom: { store: sourceStore.id, backup: started.name },
        });
        // eslint-disable-next-line no-console
        console.log(`restored store ready after ${Date.now() - t0} ms`);
      },
      4 * READY_GUARD_MS,
    );
  },
);

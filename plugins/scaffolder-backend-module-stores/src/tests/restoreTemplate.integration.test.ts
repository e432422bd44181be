import { stringifyEntityRef } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { ScaffolderApi } from '../__testUtils__/scaffolderApi';
import {
  ALLOWED_USER,
  startStoresTestBackend,
  storesConfig,
} from '../__testUtils__/storesTestBackend';
import { loadTemplate } from '../__testUtils__/templates';

/*
 * Runs templates/restore-store through the real scaffolder backend (its
 * REST API), and so the real stores:create action with `fromBackup`,
 * against the real stores backend, without a cluster: the backend checks a
 * restore's source (its target, the store, the permission) before it asks
 * the cluster for the backup, and without a cluster it says so. The restore
 * in a cluster is the stores backend's own cluster test.
 */

const createTemplate = loadTemplate('woocommerce-store');
const restoreTemplate = loadTemplate('restore-store');
const restoreRef = stringifyEntityRef(restoreTemplate);
const TASK_GUARD_MS = 60_000;

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
  let backend: Awaited<ReturnType<typeof startStoresTestBackend>>;
  let alice: ScaffolderApi;

  beforeAll(async () => {
    backend = await startStoresTestBackend({
      templates: [restoreTemplate],
      stores: storesConfig(),
    });
    alice = ScaffolderApi.as(backend.server, ALLOWED_USER);
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('the form schema refuses a bad backup name before any task exists', async () => {
    const res = await alice.dryRun(
      restoreTemplate as unknown as JsonObject,
      values({ backup: 'Nightly_1' }),
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('does not match pattern');
  });

  it('the action refuses a bad backup name clearly when the form is bypassed', async () => {
    const unchecked = structuredClone(restoreTemplate) as any;
    delete unchecked.spec.parameters[0].properties.backup.pattern;

    const res = await alice.dryRun(unchecked, values({ backup: 'Nightly_1' }));

    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'fromBackup.backup "Nightly_1" is not a backup name: 1-63 lowercase letters, digits and dashes, starting and ending with a letter or digit, as the store\'s Backups card lists it',
    );
  });

  it("a task fails with the backend's reason when backups are off, and creates no store", async () => {
    const created = await alice.createTask(restoreRef, values());
    expect(created.status).toBe(201);
    const task = await alice.waitForTask(created.body.id, TASK_GUARD_MS);

    expect(task.status).toBe('failed');
    expect(task.log).toContain(
      'ConflictError: Could not restore backup "source-shop-manual-1" of store "source-shop" into new store "restored-shop": fromBackup: backups are not configured in this portal (stores.backups.enabled)',
    );
    expect(await storeNames(alice)).toEqual([]);
  });
});

describe('restore-store template through the scaffolder (no cluster, S3 target)', () => {
  let backend: Awaited<ReturnType<typeof startStoresTestBackend>>;
  let alice: ScaffolderApi;

  beforeAll(async () => {
    backend = await startStoresTestBackend({
      templates: [createTemplate, restoreTemplate],
      stores: { ...storesConfig(), backups: S3_BACKUPS },
    });
    alice = ScaffolderApi.as(backend.server, ALLOWED_USER);
    const created = await alice.createTask(stringifyEntityRef(createTemplate), {
      name: 'source-shop',
      owner: 'group:default/team-a',
      plan: 'small',
      sampleData: false,
      waitForReady: false,
    });
    const task = await alice.waitForTask(created.body.id, TASK_GUARD_MS);
    if (task.status !== 'completed') {
      throw new Error(`create task ${task.status}: ${task.log.join('\n')}`);
    }
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('a source store that does not exist fails the task with the reason', async () => {
    const created = await alice.createTask(
      restoreRef,
      values({ source: 'resource:default/ghost-shop' }),
    );
    const task = await alice.waitForTask(created.body.id, TASK_GUARD_MS);

    expect(task.status).toBe('failed');
    expect(task.log).toContain(
      'InputError: Could not restore backup "source-shop-manual-1" of store "ghost-shop" into new store "restored-shop": fromBackup.store: no store "ghost-shop" (by id or name) that you can read',
    );
    expect(await storeNames(alice)).toEqual(['source-shop']);
  });

  it('the source store picked in the form is found by the backend, which then needs the cluster for the backup', async () => {
    const created = await alice.createTask(restoreRef, values());
    const task = await alice.waitForTask(created.body.id, TASK_GUARD_MS);

    expect(task.status).toBe('failed');
    expect(task.log.join('\n')).toContain(
      'Could not restore backup "source-shop-manual-1" of store "source-shop" into new store "restored-shop": Store backups are Jobs in the cluster, and no reconciler runs in this backend',
    );
    expect(await storeNames(alice)).toEqual(['source-shop']);
  });
});

import { stringifyEntityRef } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { describeWithCluster } from '@internal/plugin-stores-test-utils';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ALLOWED_USER } from '../__testUtils__/storesTestBackend';
import {
  TASK_GUARD_MS,
  useTemplateSuite,
} from '../__testUtils__/templateSuite';
import { loadTemplate } from '../__testUtils__/templates';

/*
 * Runs templates/woocommerce-store through the real scaffolder backend (its
 * REST API) against the real stores backend, in a backend started here.
 * Everything but the last block runs without a cluster: the stores backend
 * then records stores without provisioning them. The last block needs the
 * local Kubernetes cluster (see describeWithCluster): a WooCommerce and a
 * Medusa store go to ready through the template, and the Medusa one is
 * removed through the delete template.
 */

const execFileAsync = promisify(execFile);

const template = loadTemplate('woocommerce-store');
const templateRef = stringifyEntityRef(template);
/** Provisioning in the local cluster: a guard against a hang, not a timing assertion. */
const READY_GUARD_MS = 14 * 60_000;
/** Deleting a namespace with pods and a volume took about 15 s when idle. */
const GONE_GUARD_MS = 5 * 60_000;

jest.setTimeout(60_000);

function values(overrides: JsonObject = {}): JsonObject {
  return {
    name: 'summer-sale',
    owner: 'group:default/team-a',
    plan: 'small',
    sampleData: true,
    waitForReady: false,
    ...overrides,
  };
}

function linksByTitle(links: Array<{ title?: string }> = []) {
  return Object.fromEntries(links.map(link => [link.title, link]));
}

describe('woocommerce-store template through the scaffolder (no cluster)', () => {
  const t = useTemplateSuite({ templates: [template] });

  it('dry run validates with the stores backend, links right, creates nothing', async () => {
    const res = await t.alice.dryRun(
      template as unknown as JsonObject,
      values({ name: 'dry-shop', waitForReady: true }),
    );

    // The whole answer in the assertion, so that a failure shows why.
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 200,
    });
    const links = linksByTitle(res.body.output.links);
    expect(links.Storefront.url).toBe('http://dry-shop.stores.test/');
    expect(links['Store admin'].url).toBe(
      'http://dry-shop.stores.test/wp-admin/',
    );
    expect(links['Open in catalog'].entityRef).toBe(
      'resource:default/dry-shop',
    );
    expect(links['All stores'].url).toBe('/stores');
    const log = (res.body.log as Array<{ body: { message: string } }>).map(
      e => e.body.message,
    );
    expect(log).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'Dry run: the store would be created in namespace store-dry-shop',
        ),
        expect.stringContaining('Dry run: would wait up to 900s'),
      ]),
    );

    const stores = await t.alice.listStores();
    expect(stores.status).toBe(200);
    expect(stores.body.totalCount).toBe(0);
  });

  it("a Medusa dry run links to Medusa's store API and admin", async () => {
    const res = await t.alice.dryRun(
      template as unknown as JsonObject,
      values({ name: 'dry-medusa', engine: 'medusa' }),
    );

    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 200,
    });
    const links = linksByTitle(res.body.output.links);
    expect(links.Storefront.url).toBe('http://dry-medusa.stores.test/');
    expect(links['Store admin'].url).toBe('http://dry-medusa.stores.test/app/');
    expect((await t.alice.listStores()).body.totalCount).toBe(0);
  });

  it('the form schema refuses an invalid name before any task exists', async () => {
    const dryRun = await t.alice.dryRun(
      template as unknown as JsonObject,
      values({ name: '1-shop' }),
    );
    expect(dryRun.status).toBe(400);
    expect(JSON.stringify(dryRun.body.errors)).toContain(
      'does not match pattern',
    );

    const task = await t.alice.createTask(
      templateRef,
      values({ name: 'Shop!' }),
    );
    expect(task.status).toBe(400);
    expect(JSON.stringify(task.body.errors)).toContain(
      'does not match pattern',
    );
  });

  it('the action refuses an invalid name clearly when the form is bypassed', async () => {
    // The same template without the name rules in its form.
    const unchecked = structuredClone(template) as any;
    const name = unchecked.spec.parameters[0].properties.name;
    delete name.pattern;
    delete name.not;

    const res = await t.alice.dryRun(unchecked, values({ name: '1-shop' }));

    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Store name must start with a lowercase letter',
    );
    expect((await t.alice.listStores()).body.totalCount).toBe(0);
  });

  it('a user without the create permission gets a failed task, and no store', async () => {
    const before = (await t.alice.listStores()).body.totalCount;

    const created = await t.mallory.createTask(
      templateRef,
      values({ name: 'mallory-shop' }),
    );
    expect(created.status).toBe(201);
    const task = await t.mallory.waitForTask(created.body.id, TASK_GUARD_MS);

    expect(task.status).toBe('failed');
    expect(task.log.join('\n')).toContain(
      'Could not create store "mallory-shop": You are not allowed to create stores',
    );
    // The failed step's line is the error alone: no call stack, no paths.
    for (const message of task.log) {
      expect(message).not.toMatch(/\n\s+at |\.(ts|js):\d+/);
    }
    expect(task.log).toContain(
      'NotAllowedError: Could not create store "mallory-shop": You are not allowed to create stores; ask the platform team for the stores.store.create permission',
    );
    const after = await t.alice.listStores();
    expect(after.body.totalCount).toBe(before);
    expect(after.body.items.map((s: { name: string }) => s.name)).not.toContain(
      'mallory-shop',
    );
  });

  it('a real task creates the store once and links to it', async () => {
    const created = await t.alice.createTask(
      templateRef,
      values({ name: 'task-shop', plan: 'medium', sampleData: false }),
    );
    expect(created.status).toBe(201);
    const task = await t.alice.waitForTask(created.body.id, TASK_GUARD_MS);

    expect(task.status).toBe('completed');
    const links = linksByTitle(task.output?.links);
    expect(links['Open in catalog'].entityRef).toBe(
      'resource:default/task-shop',
    );
    expect(links['All stores'].url).toBe('/stores');

    const list = await t.alice.listStores('task-shop');
    expect(list.body.items).toHaveLength(1);
    const store = list.body.items[0];
    expect(store).toMatchObject({
      name: 'task-shop',
      owner: 'group:default/team-a',
      plan: 'medium',
      createdBy: ALLOWED_USER,
      namespace: 'store-task-shop',
      options: { sampleData: false },
    });
    // The storefront and admin links are the store's own URLs, known as
    // soon as the store is accepted.
    expect(store.urls).toEqual({
      storefront: 'http://task-shop.stores.test/',
      admin: 'http://task-shop.stores.test/wp-admin/',
    });
    expect(links.Storefront.url).toBe(store.urls.storefront);
    expect(links['Store admin'].url).toBe(store.urls.admin);
    expect(task.log).toContain(
      'Skipping step wait-for-store because its if condition was false',
    );
    // Not waited for: the text says it is being set up and where to watch.
    const text = task.output?.text?.[0]?.content;
    expect(text).toContain('Store **task-shop** is being set up');
    expect(text).toContain('Follow its progress');
    expect(text).toContain('[stores page](/stores)');
  });
});

describe('delete template through the scaffolder (no cluster)', () => {
  const deleteTemplate = loadTemplate('delete-woocommerce-store');
  const deleteRef = stringifyEntityRef(deleteTemplate);
  const t = useTemplateSuite({
    templates: [template, deleteTemplate],
    seed: { template, names: ['doomed-shop'] },
  });

  const store = 'resource:default/doomed-shop';

  it.each([
    ['nothing ticked or typed', { store }],
    ['the box unticked', { store, confirm: false, confirmName: 'doomed-shop' }],
    ['no name typed', { store, confirm: true }],
  ])('refuses the task with %s, and deletes nothing', async (_, answers) => {
    const res = await t.alice.createTask(deleteRef, answers);

    expect(res.status).toBe(400);
    const list = await t.alice.listStores('doomed-shop');
    expect(
      list.body.items.map((s: { phase: string }) => s.phase),
    ).not.toContain('deleting');
  });

  it('deletes the store once the box is ticked and the name typed', async () => {
    const created = await t.alice.createTask(deleteRef, {
      store,
      confirm: true,
      confirmName: 'doomed-shop',
    });
    expect(created.status).toBe(201);
    const task = await t.alice.waitForTask(created.body.id, TASK_GUARD_MS);

    expect({ status: task.status, log: task.log }).toMatchObject({
      status: 'completed',
    });
    const list = await t.alice.listStores('doomed-shop');
    for (const item of list.body.items as Array<{ phase: string }>) {
      expect(item.phase).toBe('deleting');
    }
    expect(linksByTitle(task.output?.links)['All stores'].url).toBe('/stores');
  });
});

/** Whether the namespace still exists, asked as the cluster's admin (KUBECONFIG). */
async function namespaceExists(namespace: string): Promise<boolean> {
  const { stdout } = await execFileAsync(process.env.KUBECTL || 'kubectl', [
    '--request-timeout=30s',
    'get',
    'namespace',
    namespace,
    '--ignore-not-found',
    '-o',
    'name',
  ]);
  return stdout.trim() !== '';
}

/** Polls `probe` until it is true; `guardMs` only guards against a hang. */
async function until(
  what: string,
  guardMs: number,
  probe: () => Promise<boolean>,
): Promise<void> {
  const giveUpAt = Date.now() + guardMs;
  while (!(await probe())) {
    if (Date.now() > giveUpAt) {
      throw new Error(`gave up waiting for ${what} after ${guardMs / 1000} s`);
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

describeWithCluster(
  'store templates through the scaffolder (local cluster)',
  () => {
    const deleteTemplate = loadTemplate('delete-woocommerce-store');
    const deleteRef = stringifyEntityRef(deleteTemplate);
    const runId = Date.now().toString(36);
    const names = { woocommerce: `tpl-${runId}`, medusa: `tplm-${runId}` };
    const t = useTemplateSuite({
      templates: [template, deleteTemplate],
      cluster: { cleanUp: () => Object.values(names) },
    });

    /** Runs the create template and waits for its task; the store must be ready. */
    async function createAndWait(name: string, engine: string) {
      const created = await t.alice.createTask(
        templateRef,
        values({ name, engine, waitForReady: true }),
      );
      expect(created.status).toBe(201);
      const task = await t.alice.waitForTask(created.body.id, READY_GUARD_MS);

      expect({ status: task.status, log: task.log }).toMatchObject({
        status: 'completed',
      });
      const list = await t.alice.listStores(name);
      const store = list.body.items.find(
        (s: { name: string }) => s.name === name,
      );
      expect(store).toMatchObject({ phase: 'ready', engine });
      expect(task.log.join('\n')).toContain(`Store "${name}" is ready`);
      const text = task.output?.text?.[0]?.content;
      expect(text).toContain(`Store **${name}** is ready`);
      expect(text).not.toContain('Follow its progress');
      const links = linksByTitle(task.output?.links);
      expect(links['Open in catalog'].entityRef).toBe(
        `resource:default/${name}`,
      );
      expect(links['All stores'].url).toBe('/stores');
      return { store, links };
    }

    it(
      'a WooCommerce task that waits succeeds once the store is ready, with the right links',
      async () => {
        const name = names.woocommerce;
        const { links } = await createAndWait(name, 'woocommerce');
        expect(links.Storefront.url).toBe(`http://${name}.stores.test/`);
        expect(links['Store admin'].url).toBe(
          `http://${name}.stores.test/wp-admin/`,
        );
      },
      READY_GUARD_MS + 60_000,
    );

    it(
      "a Medusa store is created and waited for with Medusa's links, then the delete template removes it and its namespace",
      async () => {
        const name = names.medusa;
        const { store, links } = await createAndWait(name, 'medusa');
        // Medusa's store API at the root, its admin dashboard under /app/.
        expect(store.urls).toEqual({
          storefront: `http://${name}.stores.test/`,
          admin: `http://${name}.stores.test/app/`,
        });
        expect(links.Storefront.url).toBe(store.urls.storefront);
        expect(links['Store admin'].url).toBe(store.urls.admin);
        expect(store.namespace).toBe(`store-${name}`);
        expect(await namespaceExists(store.namespace)).toBe(true);

        const deleted = await t.alice.createTask(deleteRef, {
          store: `resource:default/${name}`,
          confirm: true,
          confirmName: name,
        });
        expect(deleted.status).toBe(201);
        const task = await t.alice.waitForTask(deleted.body.id, TASK_GUARD_MS);
        expect({ status: task.status, log: task.log }).toMatchObject({
          status: 'completed',
        });

        await until(
          'the store to be gone',
          GONE_GUARD_MS,
          async () => (await t.alice.getStore(store.id)).status === 404,
        );
        await until(
          `namespace ${store.namespace} to be gone`,
          GONE_GUARD_MS,
          async () => !(await namespaceExists(store.namespace)),
        );
      },
      READY_GUARD_MS + 2 * GONE_GUARD_MS + 60_000,
    );
  },
);

import { stringifyEntityRef } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { ALLOWED_USER } from '../__testUtils__/storesTestBackend';
import {
  TASK_GUARD_MS,
  useTemplateSuite,
} from '../__testUtils__/templateSuite';
import { loadTemplate } from '../__testUtils__/templates';

/*
 * Runs templates/change-store-plan through the real scaffolder backend (its
 * REST API) and so the real stores:update action against the real stores
 * backend, without a cluster: the stores backend records the change (a new
 * generation) without provisioning it. The plan change in a cluster is
 * stores-backend's reconciler/planChange.cluster.test.ts.
 */

const createTemplate = loadTemplate('woocommerce-store');
const changeTemplate = loadTemplate('change-store-plan');
const changeRef = stringifyEntityRef(changeTemplate);

jest.setTimeout(60_000);

describe('change-store-plan template through the scaffolder (no cluster)', () => {
  const store = 'resource:default/plan-shop';
  const t = useTemplateSuite({
    templates: [createTemplate, changeTemplate],
    seed: { template: createTemplate, names: ['plan-shop'] },
  });

  async function currentStore() {
    const list = await t.alice.listStores('plan-shop');
    return list.body.items.find(
      (s: { name: string }) => s.name === 'plan-shop',
    );
  }

  it('dry run names the change and changes nothing', async () => {
    const res = await t.alice.dryRun(changeTemplate as unknown as JsonObject, {
      store,
      plan: 'medium',
      waitForApplied: true,
    });

    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 200,
    });
    const log = (res.body.log as Array<{ body: { message: string } }>).map(
      e => e.body.message,
    );
    expect(log).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'Dry run: store "plan-shop" would change plan from small to medium; nothing is changed',
        ),
      ]),
    );
    expect(await currentStore()).toMatchObject({
      plan: 'small',
      generation: 1,
    });
  });

  it('a task moves the store to the new plan as a new generation', async () => {
    const created = await t.alice.createTask(changeRef, {
      store,
      plan: 'medium',
      waitForApplied: false,
    });
    expect(created.status).toBe(201);
    const task = await t.alice.waitForTask(created.body.id, TASK_GUARD_MS);

    expect({ status: task.status, log: task.log }).toMatchObject({
      status: 'completed',
    });
    expect(await currentStore()).toMatchObject({
      plan: 'medium',
      generation: 2,
      createdBy: ALLOWED_USER,
    });
    expect(task.log.join('\n')).toContain(
      'Changing store "plan-shop": plan from small to medium',
    );
    const text = task.output?.text?.[0]?.content;
    expect(text).toContain('Store **plan-shop** is moving to plan');
    expect(text).toContain('**medium**');
    expect(task.output?.links?.map(l => l.entityRef ?? l.url)).toEqual([
      store,
      '/stores',
    ]);
  });

  it('a plan with smaller volumes fails the task with the reason, and changes nothing', async () => {
    const created = await t.alice.createTask(changeRef, {
      store,
      plan: 'small',
      waitForApplied: false,
    });
    const task = await t.alice.waitForTask(created.body.id, TASK_GUARD_MS);

    expect(task.status).toBe('failed');
    expect(task.log).toContain(
      'ConflictError: Could not change store "plan-shop": Plan "small" would shrink the database volume from 10Gi to 2Gi and the content volume from 10Gi to 2Gi of store "plan-shop"; volumes can only grow, so choose a plan whose volumes are at least as large',
    );
    expect(await currentStore()).toMatchObject({
      plan: 'medium',
      generation: 2,
    });
  });
});

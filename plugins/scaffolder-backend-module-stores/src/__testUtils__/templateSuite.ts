import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { chartServiceAccount } from '@internal/plugin-stores-test-utils';
import request from 'supertest';
import { ScaffolderApi } from './scaffolderApi';
import {
  ALLOWED_USER,
  DENIED_USER,
  startStoresTestBackend,
  storesConfig,
} from './storesTestBackend';

/** A task of a backend without a cluster: a guard against a hang, not a timing assertion. */
export const TASK_GUARD_MS = 60_000;

/** The backends of one describe block of template tests, set by its beforeAll. */
export interface TemplateSuite {
  backend: Awaited<ReturnType<typeof startStoresTestBackend>>;
  /** The scaffolder and stores APIs as a user the test policy allows. */
  alice: ScaffolderApi;
  /** ... and as one it denies. */
  mallory: ScaffolderApi;
}

/**
 * The fixture of the template tests (call it in a describe block): the real
 * scaffolder and stores backends with `templates` started before the
 * block's tests and stopped after.
 *
 * - `stores`: added to the stores config (e.g. backups);
 * - `seed`: stores created through `seed.template` first, small ones of
 *   group team-a without sample data (each task must complete; no wait for
 *   the store to be ready);
 * - `cluster`: the backend works against the local cluster as the chart's
 *   ServiceAccount, and the stores `cluster.cleanUp()` names are deleted
 *   after the block, so nothing is left in the cluster.
 */
export function useTemplateSuite(options: {
  templates: Entity[];
  stores?: JsonObject;
  seed?: { template: Entity; names: string[] };
  cluster?: { cleanUp: () => string[] };
}): TemplateSuite {
  const suite = {} as TemplateSuite;
  let kubeconfigPath: string | undefined;
  if (options.cluster) {
    // helm, kubectl and the API server set the account up: a budget of its own.
    beforeAll(async () => {
      ({ kubeconfigPath } = await chartServiceAccount());
    }, 120_000);
  }

  beforeAll(async () => {
    suite.backend = await startStoresTestBackend({
      templates: options.templates,
      stores: { ...storesConfig(kubeconfigPath), ...options.stores },
    });
    suite.alice = ScaffolderApi.as(suite.backend.server, ALLOWED_USER);
    suite.mallory = ScaffolderApi.as(suite.backend.server, DENIED_USER);
    for (const name of options.seed?.names ?? []) {
      const created = await suite.alice.createTask(
        stringifyEntityRef(options.seed!.template),
        {
          name,
          owner: 'group:default/team-a',
          plan: 'small',
          sampleData: false,
          waitForReady: false,
        },
      );
      const task = await suite.alice.waitForTask(
        created.body.id,
        TASK_GUARD_MS,
      );
      if (task.status !== 'completed') {
        throw new Error(`seed task ${task.status}: ${task.log.join('\n')}`);
      }
    }
  });

  afterAll(async () => {
    for (const name of options.cluster?.cleanUp() ?? []) {
      const list = await suite.alice?.listStores(name);
      for (const store of list?.body.items ?? []) {
        await request(suite.backend.server)
          .delete(`/api/stores/stores/${store.id}`)
          .set('Authorization', mockCredentials.user.header(ALLOWED_USER));
      }
    }
    await suite.backend?.stop();
  });

  return suite;
}

import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import wooCommerceModule from '@internal/plugin-stores-backend-module-woocommerce';
import {
  storeCreatePermission,
  storeReadPermission,
  type Store,
} from '@internal/plugin-stores-common';
import {
  chartServiceAccount,
  testClusterStoresConfig,
} from '@internal/plugin-stores-test-utils';
import type { Knex } from 'knex';
import request from 'supertest';
import storesPlugin from '../index';
import { KubernetesClient } from '../kubernetes/KubernetesClient';
import { testStoresConfig } from '../reconciler/__testUtils__/testConfig';
import { auth } from './routerTestBackend';
import {
  type Captured,
  ownedByCaller,
  policyPermissionsFactory,
  type TestPolicy,
} from './testServices';

/*
 * The fixture of the route tests that need the cluster (credentials,
 * backups): the real stores backend with the WooCommerce engine and the
 * reconciler on, against the local control plane as the chart's
 * ServiceAccount, with the real auditor writing to the captured logger.
 */

/**
 * Owners may do everything with their stores; with `readAll` anyone may
 * read any store (`stores.access.read: all`), and only read it.
 */
export function ownersPolicy(options: { readAll: boolean }): TestPolicy {
  return (permission, credentials) => {
    if (
      permission.name === storeCreatePermission.name ||
      (options.readAll && permission.name === storeReadPermission.name)
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    return ownedByCaller(permission, credentials);
  };
}

/** A started cluster backend and a cluster-admin client to inspect and clean up. */
export interface ClusterRouterBackend {
  backend: Awaited<ReturnType<typeof startTestBackend>>;
  admin: KubernetesClient;
}

/** Starts the backend on `knex`; `stores` adds to the stores config (e.g. backups). */
export async function startClusterRouterBackend(options: {
  knex: Knex;
  captured: Captured;
  policy: () => TestPolicy;
  stores?: JsonObject;
}): Promise<ClusterRouterBackend> {
  const { knex, captured, policy, stores } = options;
  const { kubeconfigPath } = await chartServiceAccount();
  const backend = await startTestBackend({
    features: [
      storesPlugin,
      wooCommerceModule,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          stores: {
            ...testClusterStoresConfig(kubeconfigPath),
            baseDomain: 'stores.test',
            ...stores,
          },
        },
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      policyPermissionsFactory(policy),
      // The real auditor, which writes through the captured logger.
      mockServices.auditor.factory(),
      ...captured
        .factories()
        .filter(factory => factory !== captured.auditor.factory),
    ],
  });
  const admin = await KubernetesClient.create({
    cluster: testStoresConfig().cluster,
    logger: mockServices.logger.mock(),
  });
  return { backend, admin };
}

/**
 * Polls the store as `user` until `predicate` holds; fails when the store
 * failed or after `timeoutMs` (a budget for a loaded machine).
 */
export async function waitForStore(
  server: ClusterRouterBackend['backend']['server'],
  user: string,
  id: string,
  predicate: (store: Store) => boolean,
  timeoutMs: number,
): Promise<Store> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(server)
      .get(`/api/stores/stores/${id}`)
      .set(auth(user));
    if (predicate(res.body)) return res.body;
    if (res.body.phase === 'failed' || Date.now() > deadline) {
      throw new Error(`store not as awaited: ${JSON.stringify(res.body)}`);
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

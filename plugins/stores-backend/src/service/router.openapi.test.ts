import { mockServices } from '@backstage/backend-test-utils';
import type { Router } from 'express';
import request from 'supertest';
import {
  ALICE,
  auth,
  describeRouterOnEachDatabase,
} from '../__testUtils__/routerTestBackend';
import { spec } from '../schema/openapi.generated';
import { createRouter, type RouterOptions } from './router';

/*
 * The router and its OpenAPI spec (src/schema/openapi.yaml) must agree:
 * the same routes, and answers of the shapes the spec gives. The second
 * half holds for every router test: under Jest the plugin checks each
 * answer against the spec (validateResponses) and a mismatch is a 500.
 */

jest.setTimeout(120_000);

/** `GET /stores/:id` for every route an express router (and its sub-routers) registers. */
function registeredRoutes(router: Router): string[] {
  const routes: string[] = [];
  const walk = (stack: any[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          routes.push(`${method.toUpperCase()} ${layer.route.path}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk(router.stack);
  return routes.sort();
}

/** The same for the spec, with `{id}` written as express writes it. */
function specRoutes(): string[] {
  return Object.entries(spec.paths)
    .flatMap(([path, operations]) =>
      Object.keys(operations).map(
        method =>
          `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
      ),
    )
    .sort();
}

describe('stores router and its OpenAPI spec', () => {
  it('register the same routes', async () => {
    const router = await createRouter({
      // Building the router reads nothing but the permission ruleset.
      permissionsRegistry: mockServices.permissionsRegistry.mock({
        getPermissionRuleset: () =>
          ({ getRules: () => [], getRuleByName: () => undefined } as any),
      }),
    } as Partial<RouterOptions> as RouterOptions);

    const routes = registeredRoutes(router).filter(
      // Served by @backstage/backend-openapi-utils from the spec itself.
      route => route !== 'GET /openapi.json',
    );
    expect(routes).toEqual(specRoutes());
  });
});

describeRouterOnEachDatabase('stores router answers on %p', t => {
  it('serves its spec at /openapi.json', async () => {
    await t.start();
    const res = await request(t.server)
      .get('/api/stores/openapi.json')
      .set(auth(ALICE));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths).sort()).toEqual(
      Object.keys(spec.paths)
        .map(path => `/api/stores${path}`)
        .sort(),
    );
  });

  it('answers 500 naming the difference when an answer does not fit the spec', async () => {
    await t.start();
    const created = await t
      .create({ name: 'drifted', owner: 'group:default/a' })
      .expect(202);
    // A store whose row yields a shape the spec does not allow.
    await t
      .knex('stores')
      .where({ id: created.body.id })
      .update({ urls: JSON.stringify({ storefront: 42 }) });

    const res = await request(t.server)
      .get(`/api/stores/stores/${created.body.id}`)
      .set(auth(ALICE));
    expect(res.status).toBe(500);
    expect(res.body.error.message).toContain('storefront');
  });

  it('refuses a request that does not fit the spec before any handler runs', async () => {
    await t.start();
    const res = await request(t.server)
      .get('/api/stores/stores?limit=many')
      .set(auth(ALICE));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('limit');
  });
});

import {
  EntityPolicies,
  DefaultNamespaceEntityPolicy,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  resourceEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import type { Store } from '@internal/plugin-stores-common';
import { makeStore } from '../__testUtils__/testStores';
import {
  STORE_ENTITY_ANNOTATIONS,
  storeEntityType,
  storeToEntity,
} from './storeToEntity';

const options = { locationPrefix: 'stores:http://localhost:7007/api/stores' };

const catalogPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

describe('storeToEntity', () => {
  it('builds the Resource entity of a store', () => {
    const entity = storeToEntity(makeStore(), options);

    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'shop-one',
        namespace: 'default',
        title: 'Shop One',
        description: 'Sells things',
        tags: ['store', 'woocommerce', 'small'],
        labels: {
          'stores.backstage.io/engine': 'woocommerce',
          'stores.backstage.io/plan': 'small',
        },
        annotations: {
          'stores.backstage.io/store-id': 'id-shop-one',
          'backstage.io/kubernetes-namespace': 'store-shop-one',
          'backstage.io/kubernetes-label-selector':
            'stores.backstage.io/store-id=id-shop-one',
          'backstage.io/managed-by-location':
            'stores:http://localhost:7007/api/stores/stores/id-shop-one',
          'backstage.io/managed-by-origin-location':
            'stores:http://localhost:7007/api/stores/stores/id-shop-one',
        },
        links: [
          {
            url: 'http://shop-one.stores.localhost',
            title: 'Storefront',
            icon: 'storefront',
            type: 'storefront',
          },
          {
            url: 'http://shop-one.stores.localhost/wp-admin',
            title: 'Store admin',
            icon: 'storeAdmin',
            type: 'admin',
          },
        ],
      },
      spec: { type: 'woocommerce-store', owner: 'group:default/team-a' },
    });
  });

  it('passes the catalog validation of Resource entities', async () => {
    const entity = storeToEntity(makeStore({ plan: 'Large Plan' }), options);
    await expect(catalogPolicy.enforce(entity)).resolves.toBe(entity);
    await expect(resourceEntityV1alpha1Validator.check(entity)).resolves.toBe(
      true,
    );
    expect(entity.metadata.tags).toEqual([
      'store',
      'woocommerce',
      'large-plan',
    ]);
    expect(entity.metadata.labels?.['stores.backstage.io/plan']).toBe(
      'Large-Plan',
    );
  });

  it('leaves out links and description the store does not have', () => {
    const entity = storeToEntity(
      makeStore({ urls: {}, description: undefined }),
      options,
    );
    expect(entity.metadata.links).toBeUndefined();
    expect(entity.metadata).not.toHaveProperty('description');
    const partial = storeToEntity(
      makeStore({ urls: { storefront: 'http://s.example' } }),
      options,
    );
    expect(partial.metadata.links).toEqual([
      expect.objectContaining({ url: 'http://s.example', type: 'storefront' }),
    ]);
  });

  it('keeps the same entity, links included, while a store is degraded', () => {
    const ready = makeStore();
    const degraded = makeStore({
      phase: 'degraded',
      failureReason: 'Progressing: Deployment wordpress: 0/1 replicas ready',
      conditions: ready.conditions.map(c => ({ ...c, status: 'False' })),
    });
    // The phase stays out of the entity: a store that degrades and recovers
    // does not rewrite it, and its links keep working for the recovery.
    expect(storeToEntity(degraded, options)).toEqual(
      storeToEntity(ready, options),
    );
  });

  it('sets spec.system only when configured', () => {
    expect(storeToEntity(makeStore(), options).spec).not.toHaveProperty(
      'system',
    );
    expect(
      storeToEntity(makeStore(), { ...options, system: 'system:default/shops' })
        .spec?.system,
    ).toBe('system:default/shops');
  });

  it('names the type after the engine for other engines', () => {
    expect(storeEntityType('woocommerce')).toBe('woocommerce-store');
    expect(storeEntityType('medusa')).toBe('medusa-store');
    expect(
      storeToEntity(makeStore({ engine: 'medusa' }), options).spec?.type,
    ).toBe('medusa-store');
  });

  it('carries only whitelisted annotations and nothing secret-like', () => {
    // Even a store object polluted with secret-looking fields (which the API
    // never returns) must not leak them into the entity.
    const polluted = {
      ...makeStore(),
      password: 'hunter2-password',
      adminPassword: 'p4ssw0rd-admin',
      secretName: 'store-shop-one-credentials',
      token: 'tok-abcdef',
      spec: { dbPassword: 'db-secret-value' },
    } as unknown as Store;
    const entity = storeToEntity(polluted, options);

    expect(Object.keys(entity.metadata.annotations ?? {}).sort()).toEqual(
      [...STORE_ENTITY_ANNOTATIONS].sort(),
    );
    const json = JSON.stringify(entity);
    for (const value of [
      'hunter2-password',
      'p4ssw0rd-admin',
      'store-shop-one-credentials',
      'tok-abcdef',
      'db-secret-value',
      'alice', // createdBy is not published either
    ]) {
      expect(json).not.toContain(value);
    }
    expect(json).not.toMatch(/password|secret|token|credential/i);
  });
});

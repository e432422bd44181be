import { describeForeign, ownershipOf, withOwnerLabels } from './ownership';
import type { KubeObject } from './KubernetesClient';

const owner = { storeId: 'id-1', instanceId: 'portal-a' };

function object(labels?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'store-shop', labels },
  };
}

describe('ownershipOf', () => {
  it('owns objects with our store id, managed-by label and instance id', () => {
    expect(ownershipOf(withOwnerLabels(object(), owner), owner)).toBe('owned');
  });

  it('adopts objects written before instance ids existed', () => {
    expect(
      ownershipOf(
        object({
          'app.kubernetes.io/managed-by': 'backstage-stores',
          'stores.backstage.io/store-id': 'id-1',
        }),
        owner,
      ),
    ).toBe('legacy');
  });

  it.each([
    ['no labels', undefined],
    ['someone else’s labels', { team: 'x' }],
    [
      'another store',
      {
        'app.kubernetes.io/managed-by': 'backstage-stores',
        'stores.backstage.io/store-id': 'id-2',
        'stores.backstage.io/instance': 'portal-a',
      },
    ],
    [
      'another portal instance',
      {
        'app.kubernetes.io/managed-by': 'backstage-stores',
        'stores.backstage.io/store-id': 'id-1',
        'stores.backstage.io/instance': 'portal-b',
      },
    ],
    [
      'our store id but another manager',
      {
        'app.kubernetes.io/managed-by': 'helm',
        'stores.backstage.io/store-id': 'id-1',
        'stores.backstage.io/instance': 'portal-a',
      },
    ],
  ])('never owns an object with %s', (_what, labels) => {
    expect(ownershipOf(object(labels), owner)).toBe('foreign');
  });

  it('keeps the rendered labels when adding the owner labels', () => {
    const labelled = withOwnerLabels(object({ app: 'x' }), owner);
    expect(labelled.metadata.labels).toEqual({
      app: 'x',
      'app.kubernetes.io/managed-by': 'backstage-stores',
      'stores.backstage.io/store-id': 'id-1',
      'stores.backstage.io/instance': 'portal-a',
    });
  });

  it('names the object and its owner for NameTaken', () => {
    expect(describeForeign(object())).toBe(
      'Namespace store-shop already exists and belongs to nobody the stores portal knows (no store id label)',
    );
    expect(
      describeForeign({
        ...object({
          'stores.backstage.io/store-id': 'id-2',
          'stores.backstage.io/instance': 'portal-b',
        }),
        kind: 'Service',
        metadata: {
          name: 'wordpress',
          namespace: 'store-shop',
          labels: {
            'stores.backstage.io/store-id': 'id-2',
            'stores.backstage.io/instance': 'portal-b',
          },
        },
      }),
    ).toBe(
      'Service store-shop/wordpress already exists and belongs to store id-2 of portal instance portal-b',
    );
  });
});

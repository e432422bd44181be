import type { Store } from '@internal/plugin-stores-common';
import { storeNotification } from './storeNotifications';

const store: Store = {
  id: 'b2c3',
  name: 'jane-shop',
  displayName: 'Jane shop',
  engine: 'woocommerce',
  plan: 'small',
  owner: 'group:default/shop-team',
  createdBy: 'user:default/jane',
  namespace: 'store-jane-shop',
  phase: 'ready',
  conditions: [],
  urls: { storefront: 'http://jane-shop.stores.local' },
  options: {},
  generation: 1,
  observedGeneration: 1,
  createdAt: '2026-12-02T00:00:00.000Z',
  updatedAt: '2026-12-02T00:00:00.000Z',
};

describe('storeNotification', () => {
  it('tells the owner a store became ready, linking its catalog page', () => {
    expect(storeNotification(store, { previousPhase: 'provisioning' })).toEqual(
      {
        recipients: { type: 'entity', entityRef: 'group:default/shop-team' },
        payload: {
          title: 'Store jane-shop is ready',
          description: 'Its storefront and admin links are on its page.',
          link: '/catalog/default/resource/jane-shop',
          severity: 'normal',
          topic: 'stores',
          scope: 'stores:b2c3',
        },
      },
    );
  });

  it('says what does not hold when a store degrades or fails', () => {
    const failing = {
      ...store,
      conditions: [
        {
          type: 'WordPressReady',
          status: 'False' as const,
          reason: 'Unavailable',
          message: '0 of 1 replicas ready',
          lastTransitionTime: store.updatedAt,
        },
      ],
    };
    const degraded = storeNotification(
      { ...failing, phase: 'degraded' },
      { previousPhase: 'ready' },
    );
    expect(degraded?.payload).toMatchObject({
      title: 'Store jane-shop is degraded',
      severity: 'high',
      description: expect.stringContaining(
        'WordPressReady: 0 of 1 replicas ready',
      ),
    });
    const failed = storeNotification(
      { ...store, phase: 'failed', failureReason: 'NameTaken: namespace x' },
      { previousPhase: 'provisioning' },
    );
    expect(failed?.payload).toMatchObject({
      title: 'Store jane-shop failed',
      severity: 'high',
      description: expect.stringMatching(/^NameTaken: namespace x\. Retry/),
    });
  });

  it('tells the owner their store was suspended, with no secret and how to resume', () => {
    expect(
      storeNotification(
        { ...store, phase: 'suspended' },
        { previousPhase: 'ready' },
      )?.payload,
    ).toEqual({
      title: 'Store jane-shop is suspended',
      description:
        'Its workloads are scaled to zero and its data is kept; resume it from its page.',
      link: '/catalog/default/resource/jane-shop',
      severity: 'low',
      topic: 'stores',
      scope: 'stores:b2c3',
    });
    // A repeated suspend request does not move the phase: no second notice.
    expect(
      storeNotification(
        { ...store, phase: 'suspended' },
        { previousPhase: 'suspended' },
      ),
    ).toBeUndefined();
  });

  it('tells the owner a delete finished, linking the stores page', () => {
    expect(
      storeNotification({ ...store, phase: 'deleting' }, { deleted: true })
        ?.payload,
    ).toMatchObject({
      title: 'Store jane-shop was deleted',
      link: '/stores',
    });
  });

  it('stays quiet when the phase did not move or moved to a step on the way', () => {
    expect(storeNotification(store, {})).toBeUndefined();
    expect(
      storeNotification(store, { previousPhase: 'ready' }),
    ).toBeUndefined();
    for (const phase of ['pending', 'provisioning', 'deleting'] as const) {
      expect(
        storeNotification({ ...store, phase }, { previousPhase: 'ready' }),
      ).toBeUndefined();
    }
  });
});

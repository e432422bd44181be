import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import type { Store } from '@internal/plugin-stores-common';
import request from 'supertest';
import { DefaultStoreChangeNotifier } from './StoreChangeNotifier';

/*
 * Store notifications through the real notifications backend: the notifier
 * is built from the services the stores plugin gets, the notifications
 * backend resolves the owning group's members from the catalog, and each
 * user reads their notifications from its REST API.
 */

// Starts a backend with the notifications plugin and its database.
jest.setTimeout(60_000);

const JANE = 'user:default/jane';
const OMAR = 'user:default/omar';
const SHOP_TEAM = 'group:default/shop-team';

const catalog = catalogServiceMock.factory({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'shop-team', namespace: 'default' },
      spec: { type: 'team', children: [] },
      relations: [{ type: 'hasMember', targetRef: JANE }],
    },
    ...[JANE, OMAR].map(ref => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: ref.split('/')[1], namespace: 'default' },
      spec: {},
    })),
  ],
});

/** A plugin that only builds the stores plugin's notifier, for the test. */
function notifierPlugin(found: { notifier?: DefaultStoreChangeNotifier }) {
  return createBackendPlugin({
    pluginId: 'stores-notifier-test',
    register(env) {
      env.registerInit({
        deps: {
          logger: coreServices.logger,
          signals: signalsServiceRef,
          events: eventsServiceRef,
          notifications: notificationService,
        },
        async init(deps) {
          found.notifier = DefaultStoreChangeNotifier.create({
            ...deps,
            access: { read: 'owners' },
          });
        },
      });
    },
  });
}

function aStore(overrides: Partial<Store>): Store {
  return {
    id: 'b2c3',
    name: 'team-shop',
    displayName: 'Team shop',
    engine: 'woocommerce',
    plan: 'small',
    owner: SHOP_TEAM,
    createdBy: JANE,
    namespace: 'store-team-shop',
    phase: 'ready',
    conditions: [],
    urls: {},
    options: {},
    generation: 1,
    observedGeneration: 1,
    createdAt: '2026-12-02T00:00:00.000Z',
    updatedAt: '2026-12-02T00:00:00.000Z',
    ...overrides,
  };
}

describe('DefaultStoreChangeNotifier with the notifications backend', () => {
  it('notifies the owning group members of phase changes worth it, one notification per store', async () => {
    const found: { notifier?: DefaultStoreChangeNotifier } = {};
    const backend = await startTestBackend({
      features: [
        import('@backstage/plugin-notifications-backend'),
        notifierPlugin(found),
        catalog,
        // The notifications backend links e-mails and the like to the app.
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'http://localhost:3000' } },
        }),
      ],
    });
    try {
      const notifier = found.notifier!;
      const titles = async (user: string) => {
        const res = await request(backend.server)
          .get('/api/notifications/notifications')
          .set('Authorization', mockCredentials.user.header(user));
        expect(res.status).toBe(200);
        return res.body.notifications.map(
          (n: { payload: { title: string; link?: string } }) => n.payload,
        );
      };

      // A change that does not move the phase tells nobody.
      await notifier.storeChanged(aStore({ phase: 'provisioning' }));
      expect(await titles(JANE)).toEqual([]);

      await notifier.storeChanged(aStore({ phase: 'ready' }), {
        previousPhase: 'provisioning',
      });
      expect(await titles(JANE)).toEqual([
        expect.objectContaining({
          title: 'Store team-shop is ready',
          link: '/catalog/default/resource/team-shop',
        }),
      ]);
      // omar is not in shop-team.
      expect(await titles(OMAR)).toEqual([]);

      // The same store's next notice replaces the last one (one scope).
      await notifier.storeChanged(aStore({ phase: 'deleting' }), {
        deleted: true,
      });
      expect(await titles(JANE)).toEqual([
        expect.objectContaining({ title: 'Store team-shop was deleted' }),
      ]);
    } finally {
      await backend.stop();
    }
  });
});

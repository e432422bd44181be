import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { storesApiRef } from '../api';
import {
  makeStore,
  makeStoreEntity,
  mockStoresApi,
} from '../testUtils/fixtures';
import storesPlugin from './plugin';
import { entityStoreBackupsCard, entityStoreStatusCard } from './entityCards';
import { entityStoreEventsContent } from './entityContents';
import { storesPage } from './pages';
import { RENDER_TEST_TIMEOUT_MS } from '../__testUtils__/renderTests';
import {
  entityPageRoutes as mountedRoutes,
  renderOnEntityPage,
} from '../__testUtils__/renderOnEntityPage';

const store = makeStore({ name: 'alpha-shop' });
const storeEntity = makeStoreEntity(store);
const otherEntities = [
  { ...storeEntity, kind: 'Component' },
  { ...storeEntity, spec: { ...storeEntity.spec, type: 'database' } },
];

function apis() {
  const api = mockStoresApi();
  api.listStores.mockResolvedValue({ items: [store], totalCount: 1 });
  api.getStore.mockResolvedValue(store);
  api.listStoreEvents.mockResolvedValue({
    items: [
      {
        id: 1,
        storeId: store.id,
        type: 'Normal',
        reason: 'NamespaceApplied',
        message: 'namespace store-alpha-shop applied',
        createdAt: '2026-11-20T10:00:00Z',
      },
    ],
  });
  return [
    [storesApiRef, api],
    [
      catalogApiRef,
      { getEntitiesByRefs: async () => ({ items: [storeEntity] }) },
    ],
    mockApis.permission(),
  ] as const;
}

jest.setTimeout(RENDER_TEST_TIMEOUT_MS);

describe('stores plugin for the new frontend system', () => {
  it('provides the page, the API, the entity card and the entity tab', () => {
    expect(storesPlugin.id).toBe('stores');
    for (const id of [
      'api:stores',
      'page:stores',
      'entity-card:stores/status',
      'entity-card:stores/backups',
      'entity-content:stores/events',
    ]) {
      expect(storesPlugin.getExtension(id as any)).toBeDefined();
    }
  });

  it('shows the card and the tab only on store entities', () => {
    for (const extension of [
      entityStoreStatusCard,
      entityStoreBackupsCard,
      entityStoreEventsContent,
    ]) {
      const filter = createExtensionTester(extension as any).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      ) as (entity: unknown) => boolean;
      expect(filter(storeEntity)).toBe(true);
      for (const other of otherEntities) {
        expect(filter(other)).toBe(false);
      }
    }
    expect(
      createExtensionTester(entityStoreEventsContent).get(
        EntityContentBlueprint.dataRefs.title,
      ),
    ).toBe('Store events');
  });

  it('renders the stores page extension', async () => {
    const tester = createExtensionTester(storesPage);
    renderInTestApp(tester.reactElement(), { apis: apis(), mountedRoutes });
    expect(await screen.findByText('Entity alpha-shop')).toBeInTheDocument();
  });

  it('mounts the stores page at /stores in an app', async () => {
    renderTestApp({
      features: [storesPlugin],
      initialRouteEntries: ['/stores'],
      apis: apis(),
      mountedRoutes,
    });
    expect(
      await screen.findByRole('heading', { name: 'Stores', level: 1 }),
    ).toBeInTheDocument();
    expect(await screen.findByText('Entity alpha-shop')).toBeInTheDocument();
  });

  it('renders the entity card and the events tab for a store entity', async () => {
    const card = createExtensionTester(entityStoreStatusCard);
    renderOnEntityPage(storeEntity, card.reactElement(), apis());
    expect(await screen.findByTestId('store-phase')).toHaveTextContent('Ready');
  });

  it('renders the events tab for a store entity', async () => {
    const tab = createExtensionTester(entityStoreEventsContent);
    renderOnEntityPage(storeEntity, tab.reactElement(), apis());
    expect(await screen.findByText('NamespaceApplied')).toBeInTheDocument();
  });
});

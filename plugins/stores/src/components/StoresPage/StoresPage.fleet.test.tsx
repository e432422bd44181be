import { act, screen, waitFor, within } from '@testing-library/react';
import {
  getButton,
  RENDER_TEST_TIMEOUT_MS,
  user,
} from '../../__testUtils__/renderTests';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  STORE_PHASES,
  type Store,
  type StorePhase,
  type StorePhaseCounts,
} from '@internal/plugin-stores-common';
import { useLocation } from 'react-router-dom';
import { storesApiRef } from '../../api';
import { QUOTA_REFRESH_MS } from '../../hooks/useFleet';
import {
  makeStore,
  makeStoreEntity,
  mockStoresApi,
} from '../../testUtils/fixtures';
import { StoresPageContent } from './StoresPage';

/* The fleet view: counts per phase, the "needs attention" filter, quota usage on the cards. */

jest.setTimeout(RENDER_TEST_TIMEOUT_MS);

const LocationProbe = () => (
  <span data-testid="location-search">{useLocation().search}</span>
);

function countsOf(stores: Store[]): StorePhaseCounts {
  const phases = Object.fromEntries(STORE_PHASES.map(p => [p, 0])) as Record<
    StorePhase,
    number
  >;
  stores.forEach(s => phases[s.phase]++);
  return { total: stores.length, phases };
}

function setup(stores: Store[], route = '/?owner=all') {
  const api = mockStoresApi();
  api.listStores.mockImplementation(async (query = {}) => {
    const phases = query.phase ? [query.phase].flat() : undefined;
    const items = stores.filter(s => !phases || phases.includes(s.phase));
    return { items, totalCount: items.length };
  });
  api.countStoresByPhase.mockImplementation(async () => countsOf(stores));
  api.getQuotaUsage.mockImplementation(async ids =>
    ids.map(storeId => ({
      storeId,
      plan: 'small',
      resources: [
        { resource: 'requests.cpu', used: '300m', hard: '1', fraction: 0.3 },
        {
          resource: 'requests.memory',
          used: '768Mi',
          hard: '2Gi',
          fraction: 0.375,
        },
        { resource: 'pods', used: '3', hard: '10', fraction: 0.3 },
        {
          resource: 'requests.storage',
          used: '4Gi',
          hard: '10Gi',
          fraction: 0.4,
        },
      ],
    })),
  );
  renderInTestApp(
    <>
      <StoresPageContent />
      <LocationProbe />
    </>,
    {
      apis: [
        [storesApiRef, api],
        [
          catalogApiRef,
          {
            getEntitiesByRefs: async ({
              entityRefs,
            }: {
              entityRefs: string[];
            }) => ({
              items: entityRefs.map(ref => {
                const store = stores.find(
                  st => `resource:default/${st.name}` === ref,
                );
                return store && makeStoreEntity(store);
              }),
            }),
          },
        ],
        mockApis.identity({
          userEntityRef: 'user:default/alice',
          ownershipEntityRefs: ['user:default/alice', 'group:default/team-a'],
        }),
        mockApis.permission({ authorize: () => AuthorizeResult.ALLOW }),
      ],
      initialRouteEntries: [route],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

const cardNames = () =>
  screen.queryAllByTestId('store-card').map(c => c.getAttribute('data-store'));

const FLEET: Store[] = [
  makeStore({ name: 'ok-1', phase: 'ready' }),
  makeStore({ name: 'ok-2', phase: 'ready' }),
  makeStore({ name: 'broken', phase: 'failed' }),
  makeStore({ name: 'wobbly', phase: 'degraded' }),
  makeStore({ name: 'paused', phase: 'suspended' }),
];

describe('StoresPage fleet view', () => {
  it('shows how many stores are in each phase and how many need attention', async () => {
    const api = setup(FLEET);
    const summary = await screen.findByTestId('fleet-summary');
    expect(
      within(summary)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual([
      'Needs attention: 2',
      'Ready: 2',
      'Degraded: 1',
      'Suspended: 1',
      'Failed: 1',
    ]);
    expect(within(summary).getByTestId('fleet-total')).toHaveTextContent(
      '5 in all',
    );
    // Counted under the page's owner and text filters (all owners here).
    expect(api.countStoresByPhase).toHaveBeenCalledWith({
      owner: undefined,
      q: undefined,
    });
  });

  it('filters the page to the failed and degraded stores with "needs attention", in the URL, and back', async () => {
    const api = setup(FLEET);
    await waitFor(() => expect(cardNames()).toHaveLength(5));
    await user().click(await waitFor(() => getButton('Needs attention: 2')));
    await waitFor(() => expect(cardNames()).toEqual(['broken', 'wobbly']));
    expect(api.listStores).toHaveBeenLastCalledWith(
      expect.objectContaining({ phase: ['failed', 'degraded'] }),
    );
    expect(screen.getByTestId('location-search')).toHaveTextContent(
      'phase=attention',
    );
    expect(getButton('Needs attention: 2')).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    // One phase's chip filters by that phase; pressed again, it clears.
    await user().click(getButton('Suspended: 1'));
    await waitFor(() => expect(cardNames()).toEqual(['paused']));
    await user().click(getButton('Suspended: 1'));
    await waitFor(() => expect(cardNames()).toHaveLength(5));
    expect(screen.getByTestId('location-search')).not.toHaveTextContent(
      'phase=',
    );
  });

  it('opens on a shared "needs attention" link', async () => {
    setup(FLEET, '/?owner=all&phase=attention');
    await waitFor(() => expect(cardNames()).toEqual(['broken', 'wobbly']));
  });

  it("shows each card's requests and storage against its plan's quota, fetched once for the page", async () => {
    const api = setup(FLEET.slice(0, 2));
    await waitFor(() => expect(cardNames()).toHaveLength(2));
    const card = screen
      .getAllByTestId('store-card')
      .find(c => c.getAttribute('data-store') === 'ok-1')!;
    const usage = await within(card).findByTestId('quota-usage');
    expect(within(usage).getByTestId('quota-requests.cpu')).toHaveTextContent(
      '300m / 1',
    );
    expect(
      within(usage).getByTestId('quota-requests.memory'),
    ).toHaveTextContent('768Mi / 2Gi');
    expect(
      within(usage).getByTestId('quota-requests.storage'),
    ).toHaveTextContent('4Gi / 10Gi');
    // Pod counts and the like are not what a card shows.
    expect(within(usage).queryByTestId('quota-pods')).toBeNull();
    expect(api.getQuotaUsage).toHaveBeenCalledTimes(1);
    expect(api.getQuotaUsage).toHaveBeenCalledWith(['id-ok-1', 'id-ok-2']);
  });

  it('looks at the usage again after a while, as pods come and go without the store changing', async () => {
    const api = setup(FLEET.slice(0, 1));
    const cpu = await screen.findByTestId('quota-requests.cpu');
    expect(cpu).toHaveTextContent('300m / 1');
    api.getQuotaUsage.mockResolvedValue([
      {
        storeId: 'id-ok-1',
        plan: 'small',
        resources: [
          { resource: 'requests.cpu', used: '0', hard: '1', fraction: 0 },
        ],
      },
    ]);
    act(() => jest.advanceTimersByTime(QUOTA_REFRESH_MS));
    await waitFor(() =>
      expect(screen.getByTestId('quota-requests.cpu')).toHaveTextContent(
        '0 / 1',
      ),
    );
  });

  it('shows the cards without usage when the backend cannot tell', async () => {
    const api = setup(FLEET.slice(0, 1));
    api.getQuotaUsage.mockRejectedValue(new Error('503 no reconciler'));
    await waitFor(() => expect(cardNames()).toHaveLength(1));
    await waitFor(() => expect(api.getQuotaUsage).toHaveBeenCalled());
    expect(screen.queryByTestId('quota-usage')).toBeNull();
    expect(screen.queryByText(/no reconciler/)).toBeNull();
  });
});

import { act, screen, waitFor, within } from '@testing-library/react';
import {
  getButton,
  RENDER_TEST_TIMEOUT_MS,
  user,
} from '../../__testUtils__/renderTests';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { ResponseError } from '@backstage/errors';
import {
  STORE_SIGNAL_CHANNEL,
  Store,
  StoreChangedSignal,
} from '@internal/plugin-stores-common';
import { storesApiRef } from '../../api';
import { createStoreTemplateRouteRef } from '../../routes';
import {
  makeStore,
  makeStoreEntity,
  mockStoresApi,
} from '../../testUtils/fixtures';
import {
  SIGNAL_CHECK_INTERVAL_MS,
  SIGNAL_CONNECT_GRACE_MS,
} from '../../hooks/useSignalConnection';
import {
  DEFAULT_COALESCE_MS,
  DEFAULT_POLL_INTERVAL_MS,
} from '../../hooks/useStoreChanges';
import { useLocation } from 'react-router-dom';
import { StoresPageContent, StoresPageProps } from './StoresPage';

const OWNERSHIP = ['user:default/alice', 'group:default/team-a'];
const WS_CONNECTING = 0;
const WS_OPEN = 1;
const WS_CLOSED = 3;

/** Shows the URL's query, so a test can read what the page put there. */
const LocationProbe = () => (
  <span data-testid="location-search">{useLocation().search}</span>
);

function setup(
  options: {
    stores?: Store[];
    deny?: string[];
    signals?: boolean;
    allInCatalog?: boolean;
    /** The signal socket's readyState at the start (default open). */
    socket?: number;
    props?: StoresPageProps;
    mountCreateRoute?: boolean;
    /** The page's URL, with its query (default `/`). */
    route?: string;
  } = {},
) {
  const api = mockStoresApi();
  const all = options.stores ?? [];
  // A backend double with cursor paging: the cursor is the offset.
  api.listStores.mockImplementation(async (query = {}) => {
    const offset = Number(query.cursor ?? 0);
    const limit = Number(query.limit ?? 50);
    const matching = all.filter(
      s =>
        (!query.owner || [query.owner].flat().includes(s.owner as string)) &&
        (!query.phase || s.phase === query.phase) &&
        (!query.q || s.name.includes(query.q)),
    );
    const items = matching.slice(offset, offset + limit);
    return {
      items,
      totalCount: matching.length,
      nextCursor:
        offset + limit < matching.length ? String(offset + limit) : undefined,
    };
  });
  const catalogApi = {
    getEntitiesByRefs: jest.fn(
      async ({ entityRefs }: { entityRefs: string[] }) => ({
        items: entityRefs.map(ref => {
          const store = all.find(s => `resource:default/${s.name}` === ref);
          // Odd stores are not in the catalog yet, unless told otherwise.
          return store && (options.allInCatalog || all.indexOf(store) % 2 === 0)
            ? makeStoreEntity(store)
            : undefined;
        }),
      }),
    ),
  };
  const subscribers: Array<(message: any) => void> = [];
  // Shaped like the SignalClient of @backstage/plugin-signals, whose socket
  // the page watches (see useSignalConnection): `ws` is its WebSocket.
  const signalApi = {
    ws: { readyState: options.socket ?? WS_OPEN } as {
      readyState: number;
    } | null,
    subscribe: jest.fn((channel: string, onMessage: (m: any) => void) => {
      expect(channel).toBe(STORE_SIGNAL_CHANNEL);
      subscribers.push(onMessage);
      return { unsubscribe: jest.fn() };
    }),
  };
  const deny = options.deny ?? [];
  const apis: any[] = [
    [storesApiRef, api],
    [catalogApiRef, catalogApi],
    mockApis.identity({
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs: OWNERSHIP,
    }),
    mockApis.permission({
      authorize: req =>
        deny.includes(req.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    }),
  ];
  if (options.signals) {
    apis.push([signalApiRef, signalApi]);
  }
  renderInTestApp(
    <>
      <StoresPageContent {...options.props} />
      <LocationProbe />
    </>,
    {
      apis,
      initialRouteEntries: options.route ? [options.route] : undefined,
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        ...(options.mountCreateRoute
          ? {
              '/create/templates/:namespace/:templateName':
                createStoreTemplateRouteRef,
            }
          : {}),
      },
    },
  );
  const signal = (message: StoreChangedSignal) =>
    act(() => subscribers.forEach(s => s(message)));
  /** Sets the socket's readyState and lets the page's next check see it. */
  const setSocket = (readyState: number) =>
    act(() => {
      signalApi.ws = { readyState };
      jest.advanceTimersByTime(SIGNAL_CHECK_INTERVAL_MS);
    });
  return { api, catalogApi, signal, signalApi, setSocket };
}

const search = () => screen.getByTestId('location-search').textContent;

const cards = () => screen.queryAllByTestId('store-card');
const cardNames = () => cards().map(c => c.getAttribute('data-store'));

function manyStores(count: number): Store[] {
  return Array.from({ length: count }, (_, i) =>
    makeStore({
      name: `shop-${String(i).padStart(3, '0')}`,
      phase: i % 5 === 0 ? 'failed' : 'ready',
    }),
  );
}

jest.setTimeout(RENDER_TEST_TIMEOUT_MS);

describe('StoresPage', () => {
  it('lists my stores joined with their catalog entities', async () => {
    const stores = manyStores(3);
    const { api, catalogApi } = setup({ stores });

    await waitFor(() => expect(cards()).toHaveLength(3));
    expect(api.listStores).toHaveBeenLastCalledWith(
      expect.objectContaining({
        owner: OWNERSHIP,
        limit: 12,
        cursor: undefined,
      }),
    );
    expect(catalogApi.getEntitiesByRefs).toHaveBeenCalledWith({
      entityRefs: stores.map(s => `resource:default/${s.name}`),
    });
    // In the catalog: the entity's title; not yet: the store's display name.
    expect(screen.getByText('Entity shop-000')).toBeInTheDocument();
    expect(screen.getByText('Display shop-001')).toBeInTheDocument();
  });

  // Owner, phase and text each in a test of its own: one test of all three
  // took 26 s of its 60 s budget in a loaded full run.
  it('filters by owner on the server', async () => {
    const { api } = setup({ stores: manyStores(11), props: { pageSize: 4 } });
    await waitFor(() => expect(cards()).toHaveLength(4));
    expect(api.listStores).toHaveBeenLastCalledWith(
      expect.objectContaining({ owner: OWNERSHIP }),
    );

    await user().click(getButton('All stores'));
    await waitFor(() =>
      expect(api.listStores).toHaveBeenLastCalledWith(
        expect.objectContaining({ owner: undefined }),
      ),
    );
  });

  it('filters by phase on the server', async () => {
    const { api } = setup({
      stores: manyStores(11),
      props: { pageSize: 4 },
      route: '/?owner=all',
    });
    await waitFor(() => expect(cards()).toHaveLength(4));

    await user().click(screen.getByLabelText('Phase'));
    await user().click(
      within(await screen.findByRole('listbox')).getByText('Failed'),
    );
    await waitFor(() =>
      expect(cardNames()).toEqual(['shop-000', 'shop-005', 'shop-010']),
    );
    expect(api.listStores).toHaveBeenLastCalledWith(
      expect.objectContaining({ phase: 'failed', owner: undefined }),
    );
  });

  it('filters by (debounced) text on the server', async () => {
    const { api } = setup({
      stores: manyStores(11),
      props: { pageSize: 4 },
      route: '/?owner=all&phase=failed',
    });
    await waitFor(() =>
      expect(cardNames()).toEqual(['shop-000', 'shop-005', 'shop-010']),
    );

    await user().type(screen.getByLabelText('Search stores'), 'shop-01');
    await waitFor(() => expect(cardNames()).toEqual(['shop-010']));
    expect(api.listStores).toHaveBeenLastCalledWith(
      expect.objectContaining({ phase: 'failed', q: 'shop-01' }),
    );
    // Debounced: one request for the whole word, not one per keystroke (the
    // fake clock stands still while the user types).
    const textQueries = api.listStores.mock.calls.filter(([q]) => q?.q);
    expect(textQueries).toHaveLength(1);
  });

  it('keeps owner, phase and text in the URL and starts from it', async () => {
    const { api } = setup({
      stores: manyStores(11),
      route: '/?owner=all&phase=failed&q=shop-01',
    });

    await waitFor(() => expect(cardNames()).toEqual(['shop-010']));
    expect(api.listStores).toHaveBeenCalledWith(
      expect.objectContaining({
        owner: undefined,
        phase: 'failed',
        q: 'shop-01',
      }),
    );
    // Only the URL's filters were ever asked for: no flash of "Mine".
    expect(
      api.listStores.mock.calls.filter(([q]) => q?.owner !== undefined),
    ).toHaveLength(0);
    expect(screen.getByLabelText('Search stores')).toHaveValue('shop-01');
    expect(getButton('All stores')).toHaveAttribute('aria-pressed', 'true');

    await user().click(getButton('My stores'));
    await waitFor(() => expect(search()).toBe('?phase=failed&q=shop-01'));
    await user().clear(screen.getByLabelText('Search stores'));
    await waitFor(() => expect(search()).toBe('?phase=failed'));
  });

  it('says so when "Mine" is empty but other owners have stores, and offers them', async () => {
    const others = manyStores(2).map(store => ({
      ...store,
      owner: 'group:default/someone-else',
    }));
    const { api } = setup({ stores: others });

    expect(
      await screen.findByText('None of the stores is yours'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/2 stores belong to other owners/),
    ).toBeInTheDocument();
    expect(api.listStores).toHaveBeenCalledWith({ limit: 1 });

    await user().click(getButton('Show stores of all owners'));
    await waitFor(() => expect(cards()).toHaveLength(2));
    expect(search()).toBe('?owner=all');
  });

  it('pages through the stores with the backend cursor and total', async () => {
    const { api } = setup({ stores: manyStores(10), props: { pageSize: 4 } });
    await waitFor(() => expect(cards()).toHaveLength(4));
    expect(screen.getByText('1-4 of 10')).toBeInTheDocument();

    await user().click(getButton(/next page/i));
    await waitFor(() => expect(cardNames()[0]).toBe('shop-004'));
    expect(api.listStores).toHaveBeenLastCalledWith(
      expect.objectContaining({ cursor: '4', limit: 4 }),
    );
    expect(screen.getByText('5-8 of 10')).toBeInTheDocument();

    await user().click(getButton(/next page/i));
    await waitFor(() => expect(cards()).toHaveLength(2));
    expect(screen.getByText('9-10 of 10')).toBeInTheDocument();
    expect(getButton(/next page/i)).toBeDisabled();

    await user().click(getButton(/previous page/i));
    await waitFor(() => expect(cardNames()[0]).toBe('shop-004'));
    expect(api.listStores).toHaveBeenLastCalledWith(
      expect.objectContaining({ cursor: '4' }),
    );
  });

  it('shows the empty state with a link to the Create flow', async () => {
    setup({ stores: [] });
    expect(
      await screen.findByText('No stores match these filters'),
    ).toBeInTheDocument();
    await user().click(getButton('All stores'));
    expect(await screen.findByText('No stores yet')).toBeInTheDocument();
    // The template creates either engine's store.
    expect(
      screen.getByText(/Create a store \(WooCommerce or Medusa\)/),
    ).toBeInTheDocument();
    const links = screen.getAllByRole('button', { name: /create store/i });
    expect(links[0].closest('a')).toHaveAttribute(
      'href',
      '/create/templates/default/woocommerce-store',
    );
  });

  it('uses the bound scaffolder route for "Create store"', async () => {
    setup({ stores: [], mountCreateRoute: true });
    const links = await screen.findAllByRole('button', {
      name: /create store/i,
    });
    expect(links[0].closest('a')).toHaveAttribute(
      'href',
      '/create/templates/default/woocommerce-store',
    );
  });

  it('shows progress while loading', async () => {
    const { api } = setup();
    api.listStores.mockReturnValue(new Promise(() => {}));
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('shows the error when the stores backend fails', async () => {
    const { api } = setup();
    api.listStores.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'no stores for you' },
            request: { method: 'GET', url: '/stores' },
            response: { statusCode: 403 },
          }),
          {
            status: 403,
            statusText: 'Forbidden',
            headers: { 'content-type': 'application/json' },
          },
        ) as any,
      ),
    );
    // The error panel shows the message and, in its details, the response.
    const messages = await screen.findAllByText(/no stores for you/);
    expect(messages[0]).toBeInTheDocument();
  });

  it('updates a card in place when a signal names its store', async () => {
    const stores = [makeStore({ name: 'live-shop', phase: 'pending' })];
    const { api, signal } = setup({ stores, signals: true });
    await waitFor(() => expect(cards()).toHaveLength(1));
    expect(screen.getByTestId('store-phase')).toHaveAttribute(
      'data-phase',
      'pending',
    );
    expect(
      screen.getByText(/updates arrive as they happen/),
    ).toBeInTheDocument();

    api.getStore.mockResolvedValue({ ...stores[0], phase: 'ready' });
    const listCalls = api.listStores.mock.calls.length;
    signal({
      storeId: stores[0].id,
      name: 'live-shop',
      owner: stores[0].owner,
      phase: 'ready',
      conditions: [],
    });
    await waitFor(() =>
      expect(screen.getByTestId('store-phase')).toHaveAttribute(
        'data-phase',
        'ready',
      ),
    );
    expect(api.getStore).toHaveBeenCalledWith(stores[0].id);
    expect(api.listStores.mock.calls.length).toBe(listCalls);
  });

  it('refetches the page when a store appears or is deleted', async () => {
    const stores = [makeStore({ name: 'first-shop' })];
    const { signal } = setup({ stores, signals: true });
    await waitFor(() => expect(cards()).toHaveLength(1));

    const added = makeStore({ name: 'second-shop', phase: 'pending' });
    stores.push(added);
    signal({
      storeId: added.id,
      name: added.name,
      owner: added.owner,
      phase: 'pending',
      conditions: [],
    });
    await waitFor(() =>
      expect(cardNames()).toEqual(['first-shop', 'second-shop']),
    );

    stores.shift();
    signal({
      storeId: 'id-first-shop',
      name: 'first-shop',
      owner: added.owner,
      phase: 'deleted',
      conditions: [],
    });
    await waitFor(() => expect(cardNames()).toEqual(['second-shop']));
  });

  it('polls when signals are not available', async () => {
    const stores = [makeStore({ name: 'polled-shop', phase: 'provisioning' })];
    const { api } = setup({ stores, props: { pollIntervalMs: 50 } });
    await waitFor(() => expect(cards()).toHaveLength(1));
    expect(
      screen.getByText(/live signals are not available/),
    ).toBeInTheDocument();

    stores[0] = { ...stores[0], phase: 'ready' };
    await waitFor(() =>
      expect(screen.getByTestId('store-phase')).toHaveAttribute(
        'data-phase',
        'ready',
      ),
    );
    expect(api.listStores.mock.calls.length).toBeGreaterThan(1);
  });
  /**
   * Lets the fake clock run `ms` and the requests it starts settle, in one
   * act: React renders all state updates of that span together.
   */
  const advance = (ms: number) =>
    act(async () => {
      await jest.advanceTimersByTimeAsync(ms);
    });

  const changed = (
    store: Store,
    phase: StoreChangedSignal['phase'] = store.phase,
  ): StoreChangedSignal => ({
    storeId: store.id,
    name: store.name,
    owner: store.owner,
    phase,
    conditions: [],
  });

  it('polls while the signal connection is down, says so, and goes live again when it is back', async () => {
    const stores = [makeStore({ name: 'watched-shop', phase: 'provisioning' })];
    const { api, signal, setSocket } = setup({ stores, signals: true });
    await waitFor(() => expect(cards()).toHaveLength(1));
    const status = screen.getByTestId('stores-live-status');
    expect(status).toHaveTextContent('Live: updates arrive as they happen.');
    await advance(3 * DEFAULT_POLL_INTERVAL_MS);
    const loads = api.listStores.mock.calls.length;
    expect(loads).toBe(1); // live: no polling

    setSocket(WS_CLOSED);
    expect(status).toHaveTextContent(
      'Live updates are disconnected: refreshing every few seconds until they reconnect.',
    );
    stores[0] = { ...stores[0], phase: 'ready' };
    await advance(DEFAULT_POLL_INTERVAL_MS);
    expect(api.listStores).toHaveBeenCalledTimes(loads + 1);
    await waitFor(() =>
      expect(screen.getByTestId('store-phase')).toHaveAttribute(
        'data-phase',
        'ready',
      ),
    );
    // One act per poll, so that each poll renders.
    await advance(DEFAULT_POLL_INTERVAL_MS);
    await advance(DEFAULT_POLL_INTERVAL_MS);
    expect(api.listStores).toHaveBeenCalledTimes(loads + 3);

    // Back: one catch-up refetch for the signals missed, then no polling.
    setSocket(WS_OPEN);
    expect(status).toHaveTextContent('Live: updates arrive as they happen.');
    await advance(0);
    expect(api.listStores).toHaveBeenCalledTimes(loads + 4);
    await advance(3 * DEFAULT_POLL_INTERVAL_MS);
    expect(api.listStores).toHaveBeenCalledTimes(loads + 4);

    // And signals apply again.
    api.getStore.mockResolvedValue({ ...stores[0], phase: 'failed' });
    signal(changed(stores[0], 'failed'));
    await advance(DEFAULT_COALESCE_MS);
    await waitFor(() =>
      expect(screen.getByTestId('store-phase')).toHaveAttribute(
        'data-phase',
        'failed',
      ),
    );
    expect(api.getStore).toHaveBeenCalledTimes(1);
    expect(api.listStores).toHaveBeenCalledTimes(loads + 4);
  });

  it('polls when the signal connection does not open', async () => {
    const stores = [makeStore({ name: 'waiting-shop' })];
    const { api } = setup({ stores, signals: true, socket: WS_CONNECTING });
    await waitFor(() => expect(cards()).toHaveLength(1));
    const status = screen.getByTestId('stores-live-status');
    expect(status).toHaveTextContent('Connecting to live updates…');

    await advance(SIGNAL_CONNECT_GRACE_MS);
    expect(status).toHaveTextContent(/Live updates are disconnected/);
    const loads = api.listStores.mock.calls.length;
    await advance(DEFAULT_POLL_INTERVAL_MS);
    expect(api.listStores).toHaveBeenCalledTimes(loads + 1);
  });

  it('coalesces a burst of 50 signals for stores not on the page into one page refetch per window', async () => {
    const stores = manyStores(3);
    const { api, catalogApi, signal } = setup({
      stores,
      signals: true,
      allInCatalog: true,
    });
    await waitFor(() => expect(cards()).toHaveLength(3));
    const loads = api.listStores.mock.calls.length;
    const lookups = catalogApi.getEntitiesByRefs.mock.calls.length;

    // 50 new stores in one second: signals 20 ms apart make two windows.
    const created = manyStores(53).slice(3);
    for (const store of created) {
      signal(changed(store, 'pending'));
      await advance(20);
    }
    await advance(DEFAULT_COALESCE_MS);
    expect(api.listStores).toHaveBeenCalledTimes(loads + 2);
    expect(catalogApi.getEntitiesByRefs).toHaveBeenCalledTimes(lookups + 2);
    expect(api.getStore).not.toHaveBeenCalled();

    // All at once: one refetch.
    for (const store of created) {
      signal(changed(store, 'deleted'));
    }
    await advance(DEFAULT_COALESCE_MS);
    expect(api.listStores).toHaveBeenCalledTimes(loads + 3);
  });

  it('refetches a store on the page once for a burst of its signals', async () => {
    const stores = manyStores(3);
    const { api, signal } = setup({
      stores,
      signals: true,
      allInCatalog: true,
    });
    await waitFor(() => expect(cards()).toHaveLength(3));
    const loads = api.listStores.mock.calls.length;
    api.getStore.mockImplementation(async id => ({
      ...stores.find(s => s.id === id)!,
      phase: 'deleting',
    }));

    for (let i = 0; i < 50; i++) {
      signal(changed(stores[i % 2 === 0 ? 0 : 2]));
    }
    await advance(DEFAULT_COALESCE_MS);
    await waitFor(() =>
      expect(
        screen
          .getAllByTestId('store-phase')
          .map(chip => chip.getAttribute('data-phase')),
      ).toEqual(['deleting', 'ready', 'deleting']),
    );
    expect(api.getStore).toHaveBeenCalledTimes(2);
    expect(api.getStore).toHaveBeenCalledWith(stores[0].id);
    expect(api.getStore).toHaveBeenCalledWith(stores[2].id);
    expect(api.listStores).toHaveBeenCalledTimes(loads);
  });
});

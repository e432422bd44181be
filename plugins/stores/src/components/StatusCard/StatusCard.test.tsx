import { screen, waitFor, within } from '@testing-library/react';
import { RENDER_TEST_TIMEOUT_MS, user } from '../../__testUtils__/renderTests';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  RECONCILED_CONDITION,
  STORE_PHASES,
  Store,
  storeDeletePermission,
  storeUpdatePermission,
} from '@internal/plugin-stores-common';
import { storesApiRef } from '../../api';
import { PHASE_STYLES } from '../../lib/phases';
import {
  makeStore,
  makeStoreEntity,
  mockStoresApi,
} from '../../testUtils/fixtures';
import { StatusCard } from './StatusCard';

function renderCard(
  store: Store,
  options: {
    api?: ReturnType<typeof mockStoresApi>;
    deny?: string[];
    onStoreChanged?: (store: Store) => void;
    withEntity?: boolean;
  } = {},
) {
  const api = options.api ?? mockStoresApi();
  const deny = options.deny ?? [];
  return {
    api,
    ...renderInTestApp(
      <StatusCard
        store={store}
        entity={options.withEntity ? makeStoreEntity(store) : undefined}
        onStoreChanged={options.onStoreChanged}
      />,
      {
        apis: [
          [storesApiRef, api],
          mockApis.permission({
            authorize: req =>
              deny.includes(req.permission.name)
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          }),
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    ),
  };
}

jest.setTimeout(RENDER_TEST_TIMEOUT_MS);

/** The steps the card shows, top to bottom, and the status each is drawn with. */
async function shownSteps() {
  const steps = await screen.findAllByTestId('store-condition');
  return { steps, statuses: steps.map(s => s.getAttribute('data-status')) };
}

describe('StatusCard', () => {
  it.each(STORE_PHASES)('shows a store in phase %s', async phase => {
    const store = makeStore({ name: `shop-${phase}`, phase });
    renderCard(store, { withEntity: true });

    const chip = await screen.findByTestId('store-phase');
    expect(chip).toHaveTextContent(PHASE_STYLES[phase].label);
    expect(chip).toHaveAttribute('data-phase', phase);
    expect(chip).toHaveStyle({ backgroundColor: PHASE_STYLES[phase].color });

    // One step per condition plus the final "Ready" step.
    const steps = screen.getAllByTestId('store-condition');
    expect(steps).toHaveLength(store.conditions.length + 1);
    expect(screen.getByText('Database ready')).toBeInTheDocument();

    expect(screen.getByText(`Entity shop-${phase}`)).toBeInTheDocument();
    expect(screen.getByText('team-a')).toBeInTheDocument();
    expect(screen.getByText('Age: 3h')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /storefront/i })).toHaveAttribute(
      'href',
      store.urls.storefront,
    );
    expect(screen.getByRole('link', { name: /admin/i })).toHaveAttribute(
      'href',
      store.urls.admin,
    );
    expect(
      screen.getByRole('link', { name: 'Catalog entity' }),
    ).toHaveAttribute('href', `/catalog/default/resource/shop-${phase}`);

    // Failure reason and Retry only for a failed store.
    const failed = phase === 'failed';
    expect(screen.queryByTestId('store-failure') !== null).toBe(failed);
    expect(screen.queryByTestId('store-degraded') !== null).toBe(
      phase === 'degraded',
    );
    expect(screen.queryByRole('button', { name: /retry/i }) !== null).toBe(
      failed,
    );
    // Delete is offered unless the store is already being deleted.
    const deleteButton = screen.getByRole('button', { name: /delete/i });
    await waitFor(() =>
      expect((deleteButton as HTMLButtonElement).disabled).toBe(
        phase === 'deleting',
      ),
    );
  });

  it('names the engine and its links in its own words', async () => {
    const { unmount } = renderCard(makeStore({ name: 'woo-shop' }));
    expect(
      await screen.findByText(/woo-shop · WooCommerce · plan/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Storefront' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'WooCommerce admin' }),
    ).toBeInTheDocument();
    unmount();

    const medusa = makeStore({ name: 'medusa-shop', engine: 'medusa' });
    renderCard(medusa);
    expect(
      await screen.findByText(/medusa-shop · Medusa · plan/),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Store API' })).toHaveAttribute(
      'href',
      medusa.urls.storefront,
    );
    expect(screen.getByRole('link', { name: 'Medusa admin' })).toHaveAttribute(
      'href',
      medusa.urls.admin,
    );
  });

  it('shows why a store failed', async () => {
    renderCard(makeStore({ name: 'broken-shop', phase: 'failed' }));
    expect(await screen.findByTestId('store-failure')).toHaveTextContent(
      'Job bootstrap failed: wp-cli exited 1',
    );
  });

  it('shows what no longer holds on a degraded store, marks those steps, offers no retry', async () => {
    renderCard(makeStore({ name: 'sick-shop', phase: 'degraded' }));
    expect(await screen.findByTestId('store-degraded')).toHaveTextContent(
      'Progressing: Deployment wordpress: 0/1 replicas ready',
    );
    const { steps, statuses } = await shownSteps();
    expect(statuses).toEqual(['True', 'True', 'False', 'False', null]);
    expect(within(steps[2]).getByText('WordPress ready').className).toMatch(
      /error/i,
    );
    expect(within(steps[0]).getByText('Namespace ready').className).not.toMatch(
      /error/i,
    );
    expect(screen.queryByRole('button', { name: /retry/i })).toBeNull();
  });

  it('says when requests to the cluster keep failing, without a step for it', async () => {
    const store = makeStore({ name: 'blocked-shop', phase: 'provisioning' });
    const message =
      'Requests to the cluster keep failing: Internal error occurred: failed calling webhook "refuse.stores.test"';
    renderCard({
      ...store,
      conditions: [
        ...store.conditions,
        {
          type: RECONCILED_CONDITION,
          status: 'False',
          reason: 'RequestsFailing',
          message,
          lastTransitionTime: '2026-12-02T10:00:00Z',
        },
      ],
    });
    const alert = await screen.findByTestId('store-requests-failing');
    expect(alert).toHaveTextContent(
      'Retrying: requests to the cluster keep failing',
    );
    expect(alert).toHaveTextContent(message);
    const { statuses } = await shownSteps();
    expect(statuses).toHaveLength(store.conditions.length + 1);
    expect(screen.queryByText('Reconciled')).toBeNull();
  });

  it('marks the failed step as an error and completes the ready step', async () => {
    const { unmount } = renderCard(makeStore({ phase: 'failed' }));
    const { steps, statuses } = await shownSteps();
    expect(statuses).toEqual(['True', 'True', 'True', 'False', null]);
    expect(within(steps[3]).getByText('Bootstrap complete').className).toMatch(
      /error/i,
    );
    unmount();
  });

  it('falls back to the store record when the catalog has no entity yet', async () => {
    renderCard(makeStore({ name: 'fresh-shop', phase: 'pending' }));
    expect(await screen.findByText('Display fresh-shop')).toBeInTheDocument();
    expect(screen.getByText('team-a')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'Catalog entity' }),
    ).not.toBeInTheDocument();
  });

  it('retries a failed store and reports the new state', async () => {
    const store = makeStore({ phase: 'failed' });
    const api = mockStoresApi();
    const retried = { ...store, phase: 'pending' as const };
    api.retryStore.mockResolvedValue(retried);
    const onStoreChanged = jest.fn();
    renderCard(store, { api, onStoreChanged });

    const retry = await screen.findByRole('button', { name: /retry/i });
    await waitFor(() => expect(retry).toBeEnabled());
    await user().click(retry);

    expect(api.retryStore).toHaveBeenCalledWith(store.id);
    await waitFor(() => expect(onStoreChanged).toHaveBeenCalledWith(retried));
  });

  it('deletes only after the store name is typed', async () => {
    const store = makeStore({ name: 'doomed-shop' });
    const api = mockStoresApi();
    api.deleteStore.mockResolvedValue({ ...store, phase: 'deleting' });
    const onStoreChanged = jest.fn();
    renderCard(store, { api, onStoreChanged });

    const del = await screen.findByRole('button', { name: /delete/i });
    await waitFor(() => expect(del).toBeEnabled());
    await user().click(del);

    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', {
      name: 'Delete store',
    });
    const input = within(dialog).getByLabelText('Store name to confirm');
    expect(confirm).toBeDisabled();

    await user().type(input, 'doomed-sho');
    expect(confirm).toBeDisabled();
    await user().type(input, 'p');
    expect(confirm).toBeEnabled();
    await user().type(input, 'x');
    expect(confirm).toBeDisabled();
    expect(api.deleteStore).not.toHaveBeenCalled();

    await user().type(input, '{backspace}');
    await user().click(confirm);
    expect(api.deleteStore).toHaveBeenCalledWith(store.id);
    await waitFor(() =>
      expect(onStoreChanged).toHaveBeenCalledWith(
        expect.objectContaining({ phase: 'deleting' }),
      ),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('cancelling the dialog deletes nothing', async () => {
    const api = mockStoresApi();
    renderCard(makeStore(), { api });
    const del = await screen.findByRole('button', { name: /delete/i });
    await waitFor(() => expect(del).toBeEnabled());
    await user().click(del);
    await user().click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Cancel',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.deleteStore).not.toHaveBeenCalled();
  });

  it('disables retry and delete with the reason when the user may not use them', async () => {
    // A store id of its own: usePermission caches answers per resource.
    renderCard(makeStore({ name: 'forbidden-shop', phase: 'failed' }), {
      deny: [storeDeletePermission.name, storeUpdatePermission.name],
    });

    await waitFor(() =>
      expect(screen.getByRole('button', { name: /delete/i })).toBeDisabled(),
    );
    const retry = screen.getByRole('button', { name: /retry/i });
    expect(retry).toBeDisabled();

    await user().hover(retry.parentElement!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'You are not allowed to retry this store',
    );
    await user().unhover(retry.parentElement!);

    await user().hover(
      screen.getByRole('button', { name: /delete/i }).parentElement!,
    );
    await waitFor(() =>
      expect(
        screen.getByText('You are not allowed to delete this store'),
      ).toBeInTheDocument(),
    );
  });

  it('asks permission for the store itself', async () => {
    const authorize = jest.fn(
      (_request: unknown): AuthorizeResult.ALLOW | AuthorizeResult.DENY =>
        AuthorizeResult.ALLOW,
    );
    const store = makeStore({ name: 'asked-shop', phase: 'failed' });
    renderInTestApp(<StatusCard store={store} />, {
      apis: [
        [storesApiRef, mockStoresApi()],
        mockApis.permission({ authorize }),
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /delete/i })).toBeEnabled(),
    );
    const requests = authorize.mock.calls.map(([req]: any[]) => ({
      name: req.permission.name,
      resourceRef: req.resourceRef,
    }));
    expect(requests).toEqual(
      expect.arrayContaining([
        { name: storeDeletePermission.name, resourceRef: store.id },
        { name: storeUpdatePermission.name, resourceRef: store.id },
      ]),
    );
  });
});

import { screen, waitFor } from '@testing-library/react';
import { RENDER_TEST_TIMEOUT_MS, user } from '../../__testUtils__/renderTests';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { StoreEvent } from '@internal/plugin-stores-common';
import { storesApiRef } from '../../api';
import {
  makeStore,
  makeStoreEntity,
  mockStoresApi,
} from '../../testUtils/fixtures';
import { StoreEventsContent } from './StoreEventsContent';

const store = makeStore({ name: 'evented-shop' });

function event(id: number): StoreEvent {
  return {
    id,
    storeId: store.id,
    type: id % 3 === 0 ? 'Warning' : 'Normal',
    reason: `Reason${id}`,
    message: `message ${id}`,
    createdAt: '2026-11-20T10:00:00Z',
  };
}

function renderEvents(api: ReturnType<typeof mockStoresApi>) {
  renderInTestApp(
    <EntityProvider entity={makeStoreEntity(store)}>
      <StoreEventsContent pageSize={2} />
    </EntityProvider>,
    { apis: [[storesApiRef, api]] },
  );
}

jest.setTimeout(RENDER_TEST_TIMEOUT_MS);

describe('StoreEventsContent', () => {
  it('pages through the events with the backend cursor', async () => {
    const api = mockStoresApi();
    api.listStoreEvents.mockImplementation(async (_id, query = {}) => {
      const all = [1, 2, 3].map(event);
      const offset = Number(query.cursor ?? 0);
      const end = offset + (query.limit ?? 100);
      return {
        items: all.slice(offset, end),
        nextCursor: end < all.length ? String(end) : undefined,
      };
    });
    renderEvents(api);

    expect(await screen.findByText('Reason1')).toBeInTheDocument();
    expect(screen.getAllByTestId('store-event')).toHaveLength(2);
    expect(api.listStoreEvents).toHaveBeenCalledWith(store.id, {
      limit: 2,
      cursor: undefined,
    });

    await user().click(screen.getByRole('button', { name: /next page/i }));
    expect(await screen.findByText('Reason3')).toBeInTheDocument();
    expect(screen.getByText('message 3')).toBeInTheDocument();
    expect(screen.getByText('Warning')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /next page/i })).toBeDisabled();

    await user().click(screen.getByRole('button', { name: /previous page/i }));
    expect(await screen.findByText('Reason1')).toBeInTheDocument();
  });

  it('shows the empty state', async () => {
    const api = mockStoresApi();
    api.listStoreEvents.mockResolvedValue({ items: [] });
    renderEvents(api);
    expect(await screen.findByText('No events yet')).toBeInTheDocument();
  });

  it('shows the error when the events cannot be read', async () => {
    const api = mockStoresApi();
    api.listStoreEvents.mockRejectedValue(new Error('events are down'));
    renderEvents(api);
    await waitFor(() =>
      expect(screen.getAllByText(/events are down/).length).toBeGreaterThan(0),
    );
  });
});

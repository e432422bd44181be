import { screen, waitFor } from '@testing-library/react';
import { mockApis } from '@backstage/frontend-test-utils';
import { NotFoundError } from '@backstage/errors';
import {
  makeStore,
  makeStoreEntity,
  mockStoresApi,
} from '../../testUtils/fixtures';
import { storesApiRef } from '../../api';
import { EntityStoreStatusCard } from './EntityStoreStatusCard';
import { RENDER_TEST_TIMEOUT_MS } from '../../__testUtils__/renderTests';
import { renderOnEntityPage } from '../../__testUtils__/renderOnEntityPage';

function renderFor(
  entity: any,
  api = mockStoresApi(),
  pollIntervalMs?: number,
) {
  renderOnEntityPage(
    entity,
    <EntityStoreStatusCard pollIntervalMs={pollIntervalMs} />,
    [[storesApiRef, api], mockApis.permission()],
  );
  return api;
}

jest.setTimeout(RENDER_TEST_TIMEOUT_MS);

describe('EntityStoreStatusCard', () => {
  it("shows the status of the entity's store and follows it", async () => {
    const store = makeStore({ name: 'entity-shop', phase: 'provisioning' });
    const api = mockStoresApi();
    api.getStore.mockResolvedValue(store);
    renderFor(makeStoreEntity(store), api, 50);

    expect(await screen.findByTestId('store-phase')).toHaveAttribute(
      'data-phase',
      'provisioning',
    );
    expect(api.getStore).toHaveBeenCalledWith(store.id);
    expect(screen.getByText('Entity entity-shop')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'Catalog entity' }),
    ).not.toBeInTheDocument();

    api.getStore.mockResolvedValue({ ...store, phase: 'ready' });
    await waitFor(() =>
      expect(screen.getByTestId('store-phase')).toHaveAttribute(
        'data-phase',
        'ready',
      ),
    );
  });

  it("shows a Medusa store's entity in Medusa's words and links", async () => {
    const store = makeStore({ name: 'medusa-shop', engine: 'medusa' });
    const api = mockStoresApi();
    api.getStore.mockResolvedValue(store);
    const entity = makeStoreEntity(store);
    expect(entity.spec?.type).toBe('medusa-store');
    renderFor(entity, api);

    const card = await screen.findByTestId('store-card');
    expect(card).toHaveTextContent('medusa-shop · Medusa · plan small');
    expect(screen.getByRole('link', { name: 'Store API' })).toHaveAttribute(
      'href',
      'http://medusa-shop.stores.local/',
    );
    expect(screen.getByRole('link', { name: 'Medusa admin' })).toHaveAttribute(
      'href',
      'http://medusa-shop.stores.local/app/',
    );
    expect(card).not.toHaveTextContent(/WooCommerce|WordPress|Storefront/);
  });

  it('says so when the store is gone', async () => {
    const store = makeStore({ name: 'gone-shop' });
    const api = mockStoresApi();
    api.getStore.mockRejectedValue(new NotFoundError('no such store'));
    renderFor(makeStoreEntity(store), api);
    expect(await screen.findByTestId('store-gone')).toBeInTheDocument();
  });

  it('asks for the annotation when the entity has none', async () => {
    const entity = makeStoreEntity(makeStore());
    delete entity.metadata.annotations;
    const api = renderFor(entity);
    expect(
      await screen.findByText(/stores.backstage.io\/store-id/),
    ).toBeInTheDocument();
    expect(api.getStore).not.toHaveBeenCalled();
  });
});

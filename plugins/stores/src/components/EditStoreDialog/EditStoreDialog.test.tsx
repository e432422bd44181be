import { screen, waitFor, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  storeUpdatePermission,
  type Store,
} from '@internal/plugin-stores-common';
import { RENDER_TEST_TIMEOUT_MS, user } from '../../__testUtils__/renderTests';
import { storesApiRef } from '../../api';
import { makeStore, mockStoresApi } from '../../testUtils/fixtures';
import { EditStoreButton } from './EditStoreDialog';

jest.setTimeout(RENDER_TEST_TIMEOUT_MS);

function renderButton(
  store: Store,
  options: { deny?: boolean; onStoreChanged?: (s: Store) => void } = {},
) {
  const api = mockStoresApi();
  const rendered = renderInTestApp(
    <EditStoreButton store={store} onStoreChanged={options.onStoreChanged} />,
    {
      apis: [
        [storesApiRef, api],
        mockApis.permission({
          authorize: req =>
            options.deny && req.permission.name === storeUpdatePermission.name
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        }),
      ],
    },
  );
  return { api, rendered };
}

async function openDialog(store: Store) {
  await user().click(
    await screen.findByRole('button', { name: `Edit store ${store.name}` }),
  );
  return screen.findByRole('dialog', {
    name: `Edit store ${store.displayName}`,
  });
}

describe('EditStoreButton', () => {
  const store = makeStore({
    phase: 'ready',
    plan: 'small',
    description: 'Sells summer things',
  });

  it('sends only what changed and hands back the store the backend answered', async () => {
    const onStoreChanged = jest.fn();
    const { api } = renderButton(store, { onStoreChanged });
    const changed = { ...store, displayName: 'Big Shop', plan: 'medium' };
    api.updateStore.mockResolvedValue(changed);

    const dialog = await openDialog(store);
    const save = within(dialog).getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled(); // nothing changed yet
    const name = within(dialog).getByRole('textbox', { name: 'Display name' });
    await user().clear(name);
    await user().type(name, 'Big Shop');
    await user().selectOptions(
      within(dialog).getByRole('combobox', { name: 'Plan' }),
      'medium',
    );
    expect(within(dialog).getByText(/volumes can grow, never/)).toBeVisible();
    await user().click(save);

    await waitFor(() => expect(onStoreChanged).toHaveBeenCalledWith(changed));
    expect(api.updateStore).toHaveBeenCalledWith(store.id, {
      displayName: 'Big Shop',
      plan: 'medium',
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it("keeps the dialog open with the backend's reason when it refuses", async () => {
    const { api } = renderButton({ ...store, plan: 'medium' });
    const message =
      'Plan "small" would shrink the database volume from 10Gi to 2Gi of store "summer-sale"; volumes can only grow, so choose a plan whose volumes are at least as large';
    api.updateStore.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'ConflictError', message },
            request: { method: 'PATCH', url: '/x' },
            response: { statusCode: 409 },
          }),
          { status: 409, headers: { 'Content-Type': 'application/json' } },
        ) as any,
      ),
    );

    const dialog = await openDialog({ ...store, plan: 'medium' });
    await user().selectOptions(
      within(dialog).getByRole('combobox', { name: 'Plan' }),
      'small',
    );
    await user().click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(message);
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('removes the description when it is emptied, and needs a display name', async () => {
    const { api } = renderButton(store);
    api.updateStore.mockResolvedValue({ ...store, description: undefined });
    const dialog = await openDialog(store);
    const name = within(dialog).getByRole('textbox', { name: 'Display name' });
    await user().clear(name);
    expect(
      within(dialog).getByText('A store needs a display name'),
    ).toBeVisible();
    expect(within(dialog).getByRole('button', { name: 'Save' })).toBeDisabled();
    await user().type(name, store.displayName);
    await user().clear(
      within(dialog).getByRole('textbox', { name: 'Description' }),
    );
    await user().click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.updateStore).toHaveBeenCalledWith(store.id, {
        description: '',
      }),
    );
  });

  it('is not shown without stores.store.update, nor for a store being deleted', async () => {
    const denied = renderButton(store, { deny: true });
    // The permission answer has arrived once the dialog-less card settles.
    await waitFor(() => expect(denied.api.updateStore).not.toHaveBeenCalled());
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: /Edit store/ })).toBeNull(),
    );
    (await denied.rendered).unmount();

    renderButton({ ...store, phase: 'deleting' });
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: /Edit store/ })).toBeNull(),
    );
  });
});

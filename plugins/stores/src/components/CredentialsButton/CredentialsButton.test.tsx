import { screen, waitFor, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  storeCredentialsReadPermission,
  type Store,
} from '@internal/plugin-stores-common';
import { RENDER_TEST_TIMEOUT_MS, user } from '../../__testUtils__/renderTests';
import { storesApiRef } from '../../api';
import { makeStore, mockStoresApi } from '../../testUtils/fixtures';
import { CredentialsButton } from './CredentialsButton';

jest.setTimeout(RENDER_TEST_TIMEOUT_MS);

const PASSWORD = 'Kq3-sample-password-9Zt';

function renderButton(store: Store, allow: boolean) {
  const api = mockStoresApi();
  api.getStoreCredentials.mockResolvedValue({
    username: 'admin',
    password: PASSWORD,
  });
  const authorize = jest.fn(
    (_request: unknown): AuthorizeResult.ALLOW | AuthorizeResult.DENY =>
      allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
  );
  renderInTestApp(<CredentialsButton store={store} />, {
    apis: [[storesApiRef, api], mockApis.permission({ authorize })],
  });
  return { api, authorize };
}

// Each test has a store id of its own: usePermission caches answers per
// resource for the whole module registry.
describe('CredentialsButton', () => {
  it('opens a dialog with the user name and the password hidden until revealed, and copies them', async () => {
    const store = makeStore({ name: 'shop-creds' });
    const { api, authorize } = renderButton(store, true);
    const clicks = user();
    // user-event's clipboard stub, watched.
    const writeText = jest.spyOn(window.navigator.clipboard, 'writeText');

    await clicks.click(
      await screen.findByRole('button', { name: 'Credentials' }),
    );
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: storeCredentialsReadPermission,
        resourceRef: store.id,
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Admin credentials of shop-creds',
    });
    const password = await within(dialog).findByLabelText('Password');
    expect(api.getStoreCredentials).toHaveBeenCalledTimes(1);
    expect(api.getStoreCredentials).toHaveBeenCalledWith(store.id);
    expect(within(dialog).getByLabelText('User name')).toHaveValue('admin');
    expect(password).toHaveAttribute('type', 'password');
    expect(password).toHaveValue(PASSWORD);

    await clicks.click(
      within(dialog).getByRole('button', { name: 'Show password' }),
    );
    expect(password).toHaveAttribute('type', 'text');
    await clicks.click(
      within(dialog).getByRole('button', { name: 'Hide password' }),
    );
    expect(password).toHaveAttribute('type', 'password');

    await clicks.click(
      within(dialog).getByRole('button', { name: 'Copy password' }),
    );
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith(PASSWORD));
    await clicks.click(
      within(dialog).getByRole('button', { name: 'Copy user name' }),
    );
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith('admin'));
    expect(writeText).toHaveBeenCalledTimes(2);

    await clicks.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // Nothing is kept: opening again reads again (and is audited again).
    await clicks.click(screen.getByRole('button', { name: 'Credentials' }));
    await screen.findByRole('dialog');
    await waitFor(() =>
      expect(api.getStoreCredentials).toHaveBeenCalledTimes(2),
    );
  });

  it('is not shown without stores.store.credentials.read on the store', async () => {
    const store = makeStore({ name: 'shop-denied' });
    const { api, authorize } = renderButton(store, false);
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: 'Credentials' })).toBeNull();
    expect(api.getStoreCredentials).not.toHaveBeenCalled();
  });

  it('is not shown for a store being deleted', async () => {
    const store = makeStore({ name: 'shop-going', phase: 'deleting' });
    const { authorize } = renderButton(store, true);
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: 'Credentials' })).toBeNull();
  });

  it('says why when the credentials cannot be read', async () => {
    const store = makeStore({ name: 'shop-early', phase: 'provisioning' });
    const { api } = renderButton(store, true);
    api.getStoreCredentials.mockRejectedValue(
      new Error(
        'Store "shop-early" has no credentials yet: it is provisioning',
      ),
    );
    await user().click(
      await screen.findByRole('button', { name: 'Credentials' }),
    );
    expect(
      await screen.findByText(
        'Could not read the credentials: Store "shop-early" has no credentials yet: it is provisioning',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Password')).toBeNull();
  });
});

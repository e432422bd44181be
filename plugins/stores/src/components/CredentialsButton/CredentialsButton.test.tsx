import { screen, waitFor, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  storeCredentialsReadPermission,
  storeUpdatePermission,
  type Store,
} from '@internal/plugin-stores-common';
import { RENDER_TEST_TIMEOUT_MS, user } from '../../__testUtils__/renderTests';
import { storesApiRef } from '../../api';
import { makeStore, mockStoresApi } from '../../testUtils/fixtures';
import { CredentialsButton } from './CredentialsButton';

jest.setTimeout(RENDER_TEST_TIMEOUT_MS);

const PASSWORD = 'Kq3-sample-password-9Zt';

/** `allow`: every permission, or only those named. */
function renderButton(store: Store, allow: boolean | string[]) {
  const api = mockStoresApi();
  api.getStoreCredentials.mockResolvedValue({
    username: 'admin',
    password: PASSWORD,
  });
  const authorize = jest.fn(
    (request: {
      permission: { name: string };
    }): AuthorizeResult.ALLOW | AuthorizeResult.DENY =>
      allow === true ||
      (Array.isArray(allow) && allow.includes(request.permission.name))
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
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

  it('rotates the password for a user who may update the store, once, and says how to see the new one', async () => {
    const store = makeStore({ name: 'shop-rotate', phase: 'ready' });
    const { api, authorize } = renderButton(store, true);
    api.rotateStoreCredentials.mockResolvedValue({
      status: 'started',
      job: 'wp-admin-password',
    });
    const clicks = user();
    await clicks.click(
      await screen.findByRole('button', { name: 'Credentials' }),
    );
    const dialog = await screen.findByRole('dialog');
    const rotate = await within(dialog).findByRole('button', {
      name: 'Rotate password',
    });
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: storeUpdatePermission,
        resourceRef: store.id,
      }),
    );
    await clicks.click(rotate);
    expect(
      await within(dialog).findByText(
        /Rotation started: Job wp-admin-password/,
      ),
    ).toBeInTheDocument();
    expect(api.rotateStoreCredentials).toHaveBeenCalledWith(store.id);
    // One rotation per opening: the button stays disabled.
    expect(
      within(dialog).getByRole('button', { name: 'Rotate password' }),
    ).toBeDisabled();
  });

  it('shows the refusal of a rotation', async () => {
    const store = makeStore({ name: 'shop-rotating', phase: 'ready' });
    const { api } = renderButton(store, true);
    api.rotateStoreCredentials.mockRejectedValue(
      new Error(
        'The admin password of store "shop-rotating" is being rotated already; wait for it to finish',
      ),
    );
    const clicks = user();
    await clicks.click(
      await screen.findByRole('button', { name: 'Credentials' }),
    );
    await clicks.click(
      await screen.findByRole('button', { name: 'Rotate password' }),
    );
    expect(
      await screen.findByText(
        'Could not rotate the password: The admin password of store "shop-rotating" is being rotated already; wait for it to finish',
      ),
    ).toBeInTheDocument();
  });

  it('offers no rotation to a user who may read the credentials but not update the store', async () => {
    const readOnly = makeStore({ name: 'shop-read-only', phase: 'ready' });
    const { authorize } = renderButton(readOnly, [
      storeCredentialsReadPermission.name,
    ]);
    await user().click(
      await screen.findByRole('button', { name: 'Credentials' }),
    );
    await screen.findByLabelText('Password');
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith(
        expect.objectContaining({ permission: storeUpdatePermission }),
      ),
    );
    expect(
      screen.queryByRole('button', { name: 'Rotate password' }),
    ).toBeNull();
  });

  it('disables the rotation of a store that is not ready, saying why', async () => {
    const store = makeStore({ name: 'shop-degraded', phase: 'degraded' });
    renderButton(store, true);
    await user().click(
      await screen.findByRole('button', { name: 'Credentials' }),
    );
    const rotate = await screen.findByRole('button', {
      name: 'Rotate password',
    });
    expect(rotate).toBeDisabled();
    expect(
      screen.getByTitle(
        "Only a ready store's password can be rotated; this one is degraded",
      ),
    ).toBeInTheDocument();
  });
});

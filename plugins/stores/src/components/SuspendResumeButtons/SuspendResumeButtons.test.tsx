import { screen, waitFor } from '@testing-library/react';
import { RENDER_TEST_TIMEOUT_MS, user } from '../../__testUtils__/renderTests';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  STORE_PHASES,
  storeUpdatePermission,
  type Store,
} from '@internal/plugin-stores-common';
import { storesApiRef } from '../../api';
import { makeStore, mockStoresApi } from '../../testUtils/fixtures';
import { SuspendResumeButtons } from './SuspendResumeButtons';

jest.setTimeout(RENDER_TEST_TIMEOUT_MS);

/** The alerts the component posted (a fresh mock per render). */
let alerts: ReturnType<typeof mockApis.alert>;

function renderButtons(
  store: Store,
  options: { deny?: boolean; onStoreChanged?: (s: Store) => void } = {},
) {
  const api = mockStoresApi();
  alerts = mockApis.alert();
  renderInTestApp(
    <SuspendResumeButtons
      store={store}
      onStoreChanged={options.onStoreChanged}
    />,
    {
      apis: [
        [storesApiRef, api],
        alerts,
        mockApis.permission({
          authorize: req =>
            options.deny && req.permission.name === storeUpdatePermission.name
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        }),
      ],
    },
  );
  return api;
}

/** The button once the permission is known (it is rendered again meanwhile). */
async function enabledButton(name: RegExp) {
  await waitFor(() =>
    expect(screen.getByRole('button', { name })).toBeEnabled(),
  );
  return screen.getByRole('button', { name });
}

describe('SuspendResumeButtons', () => {
  it.each(['ready', 'degraded'] as const)(
    'suspends a %s store and hands back the store the backend answered',
    async phase => {
      const store = makeStore({ phase });
      const onStoreChanged = jest.fn();
      const api = renderButtons(store, { onStoreChanged });
      const suspended = { ...store, phase: 'suspended' as const };
      api.suspendStore.mockResolvedValue(suspended);
      await user().click(await enabledButton(/suspend/i));
      await waitFor(() =>
        expect(onStoreChanged).toHaveBeenCalledWith(suspended),
      );
      expect(api.suspendStore).toHaveBeenCalledWith(store.id);
      expect(api.resumeStore).not.toHaveBeenCalled();
    },
  );

  it('resumes a suspended store', async () => {
    const store = makeStore({ phase: 'suspended' });
    const onStoreChanged = jest.fn();
    const api = renderButtons(store, { onStoreChanged });
    api.resumeStore.mockResolvedValue({ ...store, phase: 'provisioning' });
    await user().click(await enabledButton(/resume/i));
    await waitFor(() => expect(onStoreChanged).toHaveBeenCalled());
    expect(api.resumeStore).toHaveBeenCalledWith(store.id);
    expect(screen.queryByRole('button', { name: /suspend/i })).toBeNull();
  });

  it('shows nothing in the phases where neither applies', async () => {
    for (const phase of STORE_PHASES.filter(
      p => !['ready', 'degraded', 'suspended'].includes(p),
    )) {
      const { unmount } = await renderInTestApp(
        <SuspendResumeButtons store={makeStore({ phase })} />,
        {
          apis: [
            [storesApiRef, mockStoresApi()],
            mockApis.permission({ authorize: () => AuthorizeResult.ALLOW }),
          ],
        },
      );
      expect([phase, screen.queryByRole('button')]).toEqual([phase, null]);
      unmount();
    }
  });

  it('stays disabled with the reason for users without stores.store.update', async () => {
    const api = renderButtons(makeStore({ phase: 'ready' }), { deny: true });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /suspend/i })).toBeDisabled(),
    );
    await user().hover(
      screen.getByRole('button', { name: /suspend/i }).parentElement!,
    );
    expect(
      await screen.findByText('You are not allowed to suspend this store'),
    ).toBeInTheDocument();
    expect(api.suspendStore).not.toHaveBeenCalled();
  });

  it('says why the backend refused', async () => {
    const store = makeStore({ phase: 'ready' });
    const api = renderButtons(store);
    api.suspendStore.mockRejectedValue(
      new Error('Store "shop-one" cannot be suspended: it is being deleted'),
    );
    await user().click(await enabledButton(/suspend/i));
    await waitFor(() =>
      expect(alerts.getAlerts()).toEqual([
        expect.objectContaining({
          severity: 'error',
          message: expect.stringContaining(
            'Could not suspend store shop-one: Store "shop-one" cannot be suspended: it is being deleted',
          ),
        }),
      ]),
    );
  });
});

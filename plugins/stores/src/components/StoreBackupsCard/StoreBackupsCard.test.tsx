import { act, screen, waitFor, within } from '@testing-library/react';
import { mockApis } from '@backstage/frontend-test-utils';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  storeBackupPermission,
  type Store,
  type StoreBackup,
  type StoreBackupList,
} from '@internal/plugin-stores-common';
import { renderOnEntityPage } from '../../__testUtils__/renderOnEntityPage';
import { RENDER_TEST_TIMEOUT_MS, user } from '../../__testUtils__/renderTests';
import { storesApiRef } from '../../api';
import {
  makeStore,
  makeStoreEntity,
  mockStoresApi,
} from '../../testUtils/fixtures';
import { EntityStoreBackupsCard } from './StoreBackupsCard';

jest.setTimeout(RENDER_TEST_TIMEOUT_MS);

const RUNNING_POLL_MS = 2_000;

function backup(overrides: Partial<StoreBackup> = {}): StoreBackup {
  return {
    name: 'nightly-29451',
    trigger: 'scheduled',
    state: 'succeeded',
    startedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
    finishedAt: new Date(Date.now() - 2 * 3600_000 + 90_000).toISOString(),
    sizeBytes: 5 * 1024 * 1024,
    ...overrides,
  };
}

function list(items: StoreBackup[]): StoreBackupList {
  return { items, schedule: '0 2 * * *', retention: 7, target: 'pvc' };
}

function renderCard(
  store: Store,
  backups: StoreBackupList | Error,
  options: { deny?: boolean } = {},
) {
  const api = mockStoresApi();
  api.getStore.mockResolvedValue(store);
  if (backups instanceof Error) {
    api.listStoreBackups.mockRejectedValue(backups);
  } else {
    api.listStoreBackups.mockResolvedValue(backups);
  }
  const authorize = jest.fn((request: { permission: { name: string } }) =>
    options.deny && request.permission.name === storeBackupPermission.name
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW,
  );
  renderOnEntityPage(
    makeStoreEntity(store),
    <EntityStoreBackupsCard runningPollIntervalMs={RUNNING_POLL_MS} />,
    [[storesApiRef, api], mockApis.permission({ authorize })],
  );
  return { api, authorize };
}

/** The "Back up now" button once the permission and the store are known. */
async function enabledBackUpNow() {
  await waitFor(() =>
    expect(screen.getByRole('button', { name: 'Back up now' })).toBeEnabled(),
  );
  return screen.getByRole('button', { name: 'Back up now' });
}

/**
 * "Back up now" is disabled and its tooltip gives `reason` (Material UI puts
 * a closed tooltip's text in its child's title).
 */
async function expectDisabledBecause(reason: string) {
  await waitFor(() =>
    expect(
      within(screen.getByTitle(reason)).getByRole('button', {
        name: 'Back up now',
      }),
    ).toBeDisabled(),
  );
}

function rows() {
  return screen.queryAllByTestId('backup').map(row => ({
    name: row.getAttribute('data-backup'),
    state: within(row).getByTestId('backup-state').getAttribute('data-state'),
  }));
}

describe('EntityStoreBackupsCard', () => {
  it('lists the backups newest first with when, state and size, and the schedule', async () => {
    const store = makeStore({ name: 'backup-list' });
    const failed = backup({
      name: 'nightly-29450',
      state: 'failed',
      sizeBytes: undefined,
      message: 'mariadb-dump: Got error: 2002: Cannot connect to server',
    });
    const { api } = renderCard(store, list([backup(), failed]));

    await screen.findAllByTestId('backup');
    expect(api.listStoreBackups).toHaveBeenCalledWith(store.id);
    expect(rows()).toEqual([
      { name: 'nightly-29451', state: 'succeeded' },
      { name: 'nightly-29450', state: 'failed' },
    ]);
    const [first, second] = screen.getAllByTestId('backup');
    expect(first).toHaveTextContent('nightly-29451');
    expect(first).toHaveTextContent('Scheduled · finished 1h ago');
    expect(first).toHaveTextContent('2h ago');
    expect(first).toHaveTextContent('Succeeded');
    expect(first).toHaveTextContent('5.0 MiB');
    expect(second).toHaveTextContent('Failed');
    expect(second).toHaveTextContent(
      'mariadb-dump: Got error: 2002: Cannot connect to server',
    );
    expect(
      screen.getByText(
        "Schedule 0 2 * * * (UTC) · keeps the last 7 · to a volume in the store's namespace",
      ),
    ).toBeInTheDocument();
  });

  it('"Back up now" starts a backup, shows it running, and follows it until it ends', async () => {
    const store = makeStore({ name: 'backup-now' });
    const { api } = renderCard(store, list([backup()]));
    const started = backup({
      name: 'backup-now-manual-1',
      trigger: 'manual',
      state: 'running',
      startedAt: new Date().toISOString(),
      finishedAt: undefined,
      sizeBytes: undefined,
    });
    let answerStart!: (b: StoreBackup) => void;
    api.startStoreBackup.mockReturnValue(
      new Promise(resolve => {
        answerStart = resolve;
      }),
    );

    await user().click(await enabledBackUpNow());
    expect(
      await screen.findByRole('button', { name: 'Starting…' }),
    ).toBeDisabled();
    expect(api.startStoreBackup).toHaveBeenCalledWith(store.id);

    // The list has not caught up yet: the started backup shows anyway.
    await act(async () => answerStart(started));
    await waitFor(() =>
      expect(rows()[0]).toEqual({
        name: 'backup-now-manual-1',
        state: 'running',
      }),
    );
    expect(screen.getAllByTestId('backup')[0]).toHaveTextContent('On demand');
    await expectDisabledBecause(
      'A backup of this store is running; wait until it ends',
    );

    // While it runs the list is read again; it ends as the API reports.
    api.listStoreBackups.mockResolvedValue(
      list([{ ...started, state: 'succeeded' }, backup()]),
    );
    const reads = api.listStoreBackups.mock.calls.length;
    await act(async () => {
      jest.advanceTimersByTime(RUNNING_POLL_MS);
    });
    await waitFor(() =>
      expect(rows()).toEqual([
        { name: 'backup-now-manual-1', state: 'succeeded' },
        { name: 'nightly-29451', state: 'succeeded' },
      ]),
    );
    expect(api.listStoreBackups.mock.calls.length).toBeGreaterThan(reads);
    await enabledBackUpNow();

    // Nothing runs: no more reads on the running-backup poll.
    const settled = api.listStoreBackups.mock.calls.length;
    await act(async () => {
      jest.advanceTimersByTime(RUNNING_POLL_MS * 3);
    });
    expect(api.listStoreBackups).toHaveBeenCalledTimes(settled);
  });

  it("shows the backend's refusal in the card", async () => {
    const store = makeStore({ name: 'backup-refused' });
    const { api } = renderCard(store, list([]));
    api.startStoreBackup.mockRejectedValue(
      new ConflictError(
        'Store "backup-refused" has no backup CronJob yet; try again once it is ready',
      ),
    );

    await user().click(await enabledBackUpNow());

    expect(await screen.findByTestId('backup-start-error')).toHaveTextContent(
      'Could not start a backup: Store "backup-refused" has no backup CronJob yet; try again once it is ready',
    );
    expect(await enabledBackUpNow()).toBeEnabled();
  });

  it('says so when there are no backups yet', async () => {
    renderCard(makeStore({ name: 'backup-none' }), list([]));
    expect(await screen.findByText(/No backups yet/)).toBeInTheDocument();
  });

  it('stays disabled with the reason for users without stores.store.backup', async () => {
    const store = makeStore({ name: 'backup-denied' });
    const { api, authorize } = renderCard(store, list([backup()]), {
      deny: true,
    });
    await expectDisabledBecause('You are not allowed to back up this store');
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: storeBackupPermission,
        resourceRef: store.id,
      }),
    );
    // The list is still shown: reading backups needs read only.
    expect(rows()).toEqual([{ name: 'nightly-29451', state: 'succeeded' }]);
    expect(api.startStoreBackup).not.toHaveBeenCalled();
  });

  it.each(['provisioning', 'suspended', 'failed'] as const)(
    'stays disabled with the reason for a %s store',
    async phase => {
      const { api } = renderCard(
        makeStore({ name: `backup-${phase}`, phase }),
        list([]),
      );
      await expectDisabledBecause(
        `Only a ready or degraded store can be backed up; this one is ${phase}`,
      );
      expect(api.startStoreBackup).not.toHaveBeenCalled();
    },
  );

  it('shows why the backups cannot be listed', async () => {
    renderCard(
      makeStore({ name: 'backup-unlisted' }),
      new ServiceUnavailableError('The stores backend has no cluster access'),
    );
    expect(await screen.findByTestId('backups-error')).toHaveTextContent(
      'Could not list the backups: The stores backend has no cluster access',
    );
    expect(screen.queryByTestId('backup')).toBeNull();
  });

  it('says backups are off, not failed, when the backend has none configured', async () => {
    renderCard(
      makeStore({ name: 'backup-off' }),
      new ConflictError(
        'Backups are not configured in this portal (stores.backups.enabled)',
      ),
    );
    const alert = await screen.findByTestId('backups-error');
    expect(alert).toHaveTextContent(
      'No backups: Backups are not configured in this portal (stores.backups.enabled)',
    );
    expect(alert.className).toMatch(/standardInfo/);
  });
});

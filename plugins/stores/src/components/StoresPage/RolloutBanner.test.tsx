import { act, screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { RolloutStatus } from '@internal/plugin-stores-common';
import { RENDER_TEST_TIMEOUT_MS } from '../../__testUtils__/renderTests';
import { storesApiRef } from '../../api';
import { mockStoresApi } from '../../testUtils/fixtures';
import { RolloutBanner } from './RolloutBanner';

jest.setTimeout(RENDER_TEST_TIMEOUT_MS);

const status = (over: Partial<RolloutStatus>): RolloutStatus => ({
  state: 'idle',
  maxConcurrent: 3,
  failureThreshold: 2,
  pending: 0,
  inProgress: 0,
  done: 0,
  failed: 0,
  ...over,
});

function renderBanner(rollout: RolloutStatus) {
  const api = { ...mockStoresApi(), getRollout: jest.fn(async () => rollout) };
  renderInTestApp(<RolloutBanner />, { apis: [[storesApiRef, api]] });
  return api;
}

describe('RolloutBanner', () => {
  it('says nothing while no change is rolled out', async () => {
    const api = renderBanner(status({}));
    await waitFor(() => expect(api.getRollout).toHaveBeenCalled());
    // Let the answer land before looking.
    await act(async () => {
      await api.getRollout.mock.results[0].value;
    });
    expect(screen.queryByTestId('stores-rollout')).toBeNull();
  });

  it('shows a rollout under way with its counts', async () => {
    renderBanner(
      status({ state: 'rolling', pending: 14, inProgress: 3, done: 3 }),
    );
    expect(await screen.findByTestId('stores-rollout')).toHaveTextContent(
      'at most 3 stores at a time: 3 done, 3 in progress, 14 waiting, 0 failed',
    );
  });

  it('shows a paused rollout as a warning with its reason', async () => {
    renderBanner(
      status({
        state: 'paused',
        pending: 11,
        inProgress: 1,
        done: 6,
        failed: 2,
        pauseReason: '2 stores were not ready within 45 s after the change',
      }),
    );
    const banner = await screen.findByTestId('stores-rollout');
    expect(banner).toHaveTextContent(
      'is paused: 2 stores were not ready within 45 s after the change (6 done, 1 in progress, 11 waiting, 2 failed)',
    );
    expect(banner.className).toMatch(/Warning/);
  });
});

import { screen, waitFor } from '@testing-library/react';
import { RENDER_TEST_TIMEOUT_MS, user } from '../../__testUtils__/renderTests';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { storeCreatePermission } from '@internal/plugin-stores-common';
import { CreateStoreButton } from './CreateStoreButton';

jest.setTimeout(RENDER_TEST_TIMEOUT_MS);

// In a file of its own: usePermission caches answers per permission for the
// whole module registry, and this test needs a denial.
describe('CreateStoreButton', () => {
  it('is disabled with the reason when creating stores is not allowed', async () => {
    const authorize = jest.fn(
      (_request: unknown): AuthorizeResult.ALLOW | AuthorizeResult.DENY =>
        AuthorizeResult.DENY,
    );
    renderInTestApp(<CreateStoreButton />, {
      apis: [mockApis.permission({ authorize })],
    });
    const button = await screen.findByRole('button', { name: /create store/i });
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    expect(button).toBeDisabled();
    expect(button.closest('a')).toBeNull();
    expect(authorize.mock.calls[0]).toEqual([
      expect.objectContaining({ permission: storeCreatePermission }),
    ]);

    await user().hover(
      screen.getByRole('button', { name: /create store/i }).parentElement!,
    );
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'You are not allowed to create stores',
    );
  });
});

import { screen } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { RENDER_TEST_TIMEOUT_MS, user } from '../../__testUtils__/renderTests';
import { ownerLabel, StoreOwnerField } from './StoreOwnerField';

jest.setTimeout(RENDER_TEST_TIMEOUT_MS);

describe('StoreOwnerField', () => {
  it('offers the user and their groups, groups first, and stores the picked ref', async () => {
    const onChange = jest.fn();
    renderInTestApp(
      <StoreOwnerField
        {...({
          onChange,
          schema: { title: 'Owner', description: 'Who owns the store' },
          idSchema: { $id: 'root_owner' },
          rawErrors: [],
          required: true,
        } as any)}
      />,
      {
        apis: [
          mockApis.identity({
            userEntityRef: 'user:default/guest',
            ownershipEntityRefs: [
              'user:default/guest',
              'group:default/shop-team',
              'group:ops/night-shift',
            ],
          }),
        ],
      },
    );

    await user().click(await screen.findByLabelText(/owner/i));
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'shop-team (group)',
      'ops/night-shift (group)',
      'guest (user)',
    ]);
    await user().click(
      screen.getByRole('option', { name: 'shop-team (group)' }),
    );
    expect(onChange).toHaveBeenCalledWith('group:default/shop-team');
  });

  it('labels refs it cannot parse as they are', () => {
    expect(ownerLabel('not a ref')).toBe('not a ref');
  });
});

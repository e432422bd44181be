import { render, screen } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { identityApiRef } from '@backstage/core-plugin-api';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { storesApiRef } from '../../api';
import { mockStoresApi } from '../../testUtils/fixtures';
import { RENDER_TEST_TIMEOUT_MS, user } from '../../__testUtils__/renderTests';
import { StoreNameField, validateStoreNameField } from './StoreNameField';

jest.setTimeout(RENDER_TEST_TIMEOUT_MS);

async function conflict(name: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: 'ConflictError',
          message: `A store named "${name}" already exists`,
        },
      }),
      { status: 409, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );
}

function context(formData: object = { owner: 'group:default/shop-team' }) {
  const storesApi = mockStoresApi();
  const identityApi = {
    getBackstageIdentity: async () => ({
      type: 'user' as const,
      userEntityRef: 'user:default/guest',
      ownershipEntityRefs: [],
    }),
  };
  const apis = new Map<string, unknown>([
    [storesApiRef.id, storesApi],
    [identityApiRef.id, identityApi],
  ]);
  return {
    storesApi,
    ctx: {
      apiHolder: { get: (ref: { id: string }) => apis.get(ref.id) } as any,
      formData: formData as any,
      schema: {},
      uiSchema: {},
    },
  };
}

async function errorsFor(name: string, ctx: ReturnType<typeof context>['ctx']) {
  const validation = createFieldValidation();
  await validateStoreNameField(name, validation, ctx);
  return validation.__errors ?? [];
}

describe('StoreName', () => {
  it.each([
    [
      'Admin',
      'The name may contain only lowercase letters a-z, digits and dashes',
    ],
    ['admin', 'The name "admin" is reserved; choose another name'],
    ['kube-foo', 'The name "kube-foo" is reserved; choose another name'],
    ['ab', 'The name must be at least 3 characters long'],
  ])('refuses %j with the rules of stores-common', async (name, message) => {
    const { ctx, storesApi } = context();
    expect(await errorsFor(name, ctx)).toEqual([message]);
    expect(storesApi.dryRunCreateStore).not.toHaveBeenCalled();
  });

  it('refuses a name in use, asking the backend with a dry run', async () => {
    const { ctx, storesApi } = context();
    storesApi.dryRunCreateStore.mockRejectedValue(await conflict('ux-shop'));

    expect(await errorsFor('ux-shop', ctx)).toEqual([
      'A store named ux-shop already exists',
    ]);
    expect(storesApi.dryRunCreateStore).toHaveBeenCalledWith({
      name: 'ux-shop',
      owner: 'group:default/shop-team',
    });
  });

  it('accepts a free name, as the user when no owner is chosen yet, and leaves other refusals to the task', async () => {
    const { ctx, storesApi } = context({});
    storesApi.dryRunCreateStore.mockResolvedValue();
    expect(await errorsFor('ux-shop', ctx)).toEqual([]);
    expect(storesApi.dryRunCreateStore).toHaveBeenCalledWith({
      name: 'ux-shop',
      owner: 'user:default/guest',
    });

    storesApi.dryRunCreateStore.mockRejectedValue(new Error('network down'));
    expect(await errorsFor('ux-shop', ctx)).toEqual([]);
  });

  it('shows what is wrong as the person types', async () => {
    const Wrapper = () => {
      const [value, setValue] = require('react').useState(undefined);
      return (
        <StoreNameField
          {...({
            formData: value,
            onChange: setValue,
            schema: { title: 'Store name', description: '3-57 characters' },
            uiSchema: {},
            idSchema: { $id: 'root_name' },
            rawErrors: [],
          } as any)}
        />
      );
    };
    render(<Wrapper />);
    expect(screen.getByText('3-57 characters')).toBeInTheDocument();

    await user().type(screen.getByLabelText('Store name'), 'Shop');
    expect(
      screen.getByText(
        'The name may contain only lowercase letters a-z, digits and dashes',
      ),
    ).toBeInTheDocument();
  });
});

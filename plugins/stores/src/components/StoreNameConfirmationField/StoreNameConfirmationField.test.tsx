import { render, screen } from '@testing-library/react';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { RENDER_TEST_TIMEOUT_MS, user } from '../../__testUtils__/renderTests';
import {
  StoreNameConfirmationField,
  validateStoreNameConfirmation,
} from './StoreNameConfirmationField';

jest.setTimeout(RENDER_TEST_TIMEOUT_MS);

function errorsFor(typed: string | undefined, formData: object) {
  const validation = createFieldValidation();
  validateStoreNameConfirmation(typed as string, validation, {
    apiHolder: { get: () => undefined },
    formData: formData as any,
    schema: {},
    uiSchema: {},
  });
  return validation.__errors ?? [];
}

describe('StoreNameConfirmation', () => {
  const picked = { store: 'resource:default/summer-sale' };

  it("passes only the picked store's exact name", () => {
    expect(errorsFor('summer-sale', picked)).toEqual([]);
    expect(errorsFor(' summer-sale ', picked)).toEqual([]);
    expect(errorsFor('summer-sal', picked)).toEqual([
      'Type summer-sale, the name of the store to delete, to confirm',
    ]);
    expect(errorsFor(undefined, picked)).toHaveLength(1);
    expect(errorsFor('summer-sale', { store: 'summer-sale' })).toEqual([]);
  });

  it('asks for the store first when none is picked', () => {
    expect(errorsFor('summer-sale', {})).toEqual([
      'Pick the store to delete first',
    ]);
  });

  it('says which name to type and reports what is typed', async () => {
    const onChange = jest.fn();
    render(
      <StoreNameConfirmationField
        {...({
          formData: undefined,
          onChange,
          schema: { title: 'Store name' },
          uiSchema: {},
          formContext: { formData: picked },
          idSchema: { $id: 'root_confirmName' },
          rawErrors: [],
        } as any)}
      />,
    );

    expect(screen.getByText('Type summer-sale to confirm')).toBeInTheDocument();
    await user().type(screen.getByLabelText('Store name'), 's');
    expect(onChange).toHaveBeenLastCalledWith('s');
  });
});

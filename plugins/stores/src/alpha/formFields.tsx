import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';

/**
 * The `StoreNameConfirmation` field of the Create page's forms (the delete
 * template asks for it). The extension attaches to the scaffolder's
 * form-fields API, so it reaches the scaffolder plugin from this one.
 */
export const storeNameConfirmationFormField = FormFieldBlueprint.make({
  name: 'store-name-confirmation',
  params: {
    field: () =>
      import('../components/StoreNameConfirmationField').then(m =>
        createFormField({
          name: 'StoreNameConfirmation',
          component: m.StoreNameConfirmationField,
          validation: m.validateStoreNameConfirmation,
        }),
      ),
  },
});

/**
 * The `StoreName` field of the create template: the backend's name rules as
 * the person types, and a name in use refused before any task exists.
 */
export const storeNameFormField = FormFieldBlueprint.make({
  name: 'store-name',
  params: {
    field: () =>
      import('../components/StoreNameField').then(m =>
        createFormField({
          name: 'StoreName',
          component: m.StoreNameField,
          validation: m.validateStoreNameField,
        }),
      ),
  },
});

/**
 * The `StoreOwner` field of the create template: the signed-in user or one
 * of their groups.
 */
export const storeOwnerFormField = FormFieldBlueprint.make({
  name: 'store-owner',
  params: {
    field: () =>
      import('../components/StoreOwnerField').then(m =>
        createFormField({
          name: 'StoreOwner',
          component: m.StoreOwnerField,
        }),
      ),
  },
});

import { parseEntityRef } from '@backstage/catalog-model';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { NameTextField } from '../NameTextField';

/** Where the field finds the store to confirm, unless `ui:options.storeField` says otherwise. */
const DEFAULT_STORE_FIELD = 'store';

interface StoreNameConfirmationOptions {
  /** The form field that holds the store (a name or its entity ref). */
  storeField?: string;
}

/**
 * The store's name from what the store field holds: an EntityPicker gives
 * `resource:default/<name>`, a typed value may be the bare name.
 */
export function storeNameOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) {
    return undefined;
  }
  try {
    return parseEntityRef(value.trim(), {
      defaultKind: 'resource',
      defaultNamespace: 'default',
    }).name;
  } catch {
    return undefined;
  }
}

function storeFieldOf(options: StoreNameConfirmationOptions | undefined) {
  return options?.storeField ?? DEFAULT_STORE_FIELD;
}

/**
 * Scaffolder field `StoreNameConfirmation`: the person types the name of the
 * store picked in another field of the form, as the Stores page's delete
 * dialog asks, so that a delete needs a deliberate act and not only a click.
 */
export const StoreNameConfirmationField = (
  props: FieldExtensionComponentProps<string, StoreNameConfirmationOptions>,
) => {
  const { rawErrors, schema, uiSchema, formContext } = props;
  const storeName = storeNameOf(
    formContext?.formData?.[storeFieldOf(uiSchema['ui:options'])],
  );
  return (
    <NameTextField
      field={props}
      error={!!rawErrors?.length}
      helperText={
        storeName
          ? `Type ${storeName} to confirm`
          : schema.description ?? 'Pick the store first, then type its name'
      }
    />
  );
};

/**
 * Refuses the step until the typed name is the picked store's name; the
 * message says which name to type.
 */
export const validateStoreNameConfirmation: CustomFieldValidator<
  string,
  StoreNameConfirmationOptions
> = (typed, validation, context) => {
  const storeName = storeNameOf(
    context.formData?.[storeFieldOf(context.uiSchema?.['ui:options'])],
  );
  if (!storeName) {
    validation.addError('Pick the store to delete first');
    return;
  }
  if ((typed ?? '').trim() !== storeName) {
    validation.addError(
      `Type ${storeName}, the name of the store to delete, to confirm`,
    );
  }
};

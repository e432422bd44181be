import { identityApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { validateStoreName } from '@internal/plugin-stores-common';
import { storesApiRef } from '../../api';
import { NameTextField } from '../NameTextField';

/**
 * What is wrong with a name by the stores backend's own rules
 * (`validateStoreName` of stores-common, the single source), as a sentence.
 */
export function storeNameProblem(name: string): string | undefined {
  const problem = validateStoreName(name);
  return problem ? `The name ${problem}` : undefined;
}

/**
 * Scaffolder field `StoreName`: the store's name, checked by the backend's
 * rules as the person types, so the message shows before any Next.
 */
export const StoreNameField = (props: FieldExtensionComponentProps<string>) => {
  const { formData, rawErrors, schema } = props;
  const problem = formData ? storeNameProblem(formData) : undefined;
  return (
    <NameTextField
      field={props}
      error={!!problem || !!rawErrors?.length}
      helperText={problem ?? schema.description}
    />
  );
};

/**
 * On Next: the same rules, then the backend is asked whether it would create
 * the store (a dry run, nothing is created), so a name in use is refused in
 * the form. Other refusals of the dry run (permissions, limits, an owner not
 * chosen yet) are left to the task, which reports them.
 */
export const validateStoreNameField: CustomFieldValidator<string> = async (
  name,
  validation,
  context,
) => {
  if (!name) {
    return;
  }
  const problem = storeNameProblem(name);
  if (problem) {
    validation.addError(problem);
    return;
  }
  const storesApi = context.apiHolder.get(storesApiRef);
  if (!storesApi) {
    return;
  }
  let owner =
    typeof context.formData?.owner === 'string'
      ? context.formData.owner
      : undefined;
  if (!owner) {
    const identity = await context.apiHolder
      .get(identityApiRef)
      ?.getBackstageIdentity();
    owner = identity?.userEntityRef;
  }
  if (!owner) {
    return;
  }
  try {
    await storesApi.dryRunCreateStore({ name, owner });
  } catch (error) {
    if (error instanceof ResponseError && error.response.status === 409) {
      validation.addError(`A store named ${name} already exists`);
    }
  }
};

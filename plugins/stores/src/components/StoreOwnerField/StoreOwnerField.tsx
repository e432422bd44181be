import { parseEntityRef } from '@backstage/catalog-model';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useOwnershipRefs } from '../../hooks/useOwnershipRefs';

/** "shop-team (group)" for `group:default/shop-team`. */
export function ownerLabel(ref: string): string {
  try {
    const { kind, namespace, name } = parseEntityRef(ref);
    const where = namespace === 'default' ? '' : `${namespace}/`;
    return `${where}${name} (${kind.toLocaleLowerCase('en-US')})`;
  } catch {
    return ref;
  }
}

/**
 * Scaffolder field `StoreOwner`: the owner of a new store, chosen among the
 * signed-in user and the groups they belong to (their ownership refs), so a
 * person cannot spend another team's quota by picking any group of the
 * catalog. Groups come first: a store usually belongs to a team.
 */
export const StoreOwnerField = (
  props: FieldExtensionComponentProps<string>,
) => {
  const {
    formData,
    onChange,
    required,
    disabled,
    rawErrors,
    schema,
    idSchema,
  } = props;
  const ownership = useOwnershipRefs();
  const options = [...(ownership.value ?? [])].sort(
    (a, b) =>
      Number(a.startsWith('user:')) - Number(b.startsWith('user:')) ||
      a.localeCompare(b),
  );
  return (
    <Autocomplete
      id={idSchema?.$id}
      options={options}
      getOptionLabel={ownerLabel}
      value={formData ?? null}
      onChange={(_event, value) => onChange(value ?? undefined)}
      loading={ownership.loading}
      disabled={disabled}
      renderInput={params => (
        <TextField
          {...params}
          margin="normal"
          variant="outlined"
          label={schema.title ?? 'Owner'}
          required={required}
          error={!!rawErrors?.length || !!ownership.error}
          helperText={
            ownership.error
              ? `Could not read your groups: ${ownership.error.message}`
              : schema.description
          }
        />
      )}
    />
  );
};

import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';

/**
 * The text input both name fields of the templates use (`StoreName` and
 * `StoreNameConfirmation`): outlined, full width, no spell check or
 * autocomplete, an empty input stored as undefined so `required` works.
 */
export const NameTextField = (props: {
  field: FieldExtensionComponentProps<string, any>;
  error: boolean;
  helperText?: string;
}) => {
  const { formData, onChange, required, disabled, schema, uiSchema, idSchema } =
    props.field;
  return (
    <TextField
      id={idSchema?.$id}
      fullWidth
      margin="normal"
      variant="outlined"
      label={schema.title ?? 'Store name'}
      required={required}
      disabled={disabled}
      // Only when the template asks for it (`ui:autofocus`), as rjsf does.
      // eslint-disable-next-line jsx-a11y/no-autofocus
      autoFocus={!!uiSchema?.['ui:autofocus']}
      value={formData ?? ''}
      onChange={e => onChange(e.target.value || undefined)}
      error={props.error}
      helperText={props.helperText}
      inputProps={{ spellCheck: false, autoComplete: 'off' }}
    />
  );
};

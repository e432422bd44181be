import IconButton from '@material-ui/core/IconButton';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import FileCopyIcon from '@material-ui/icons/FileCopy';
import type { ReactNode } from 'react';

/**
 * One read-only credential in the credentials dialog with its copy button
 * ("Copy <label>"); `hidden` shows it as a password field, `actions` go
 * before the copy button (the password's reveal toggle).
 */
export const CredentialField = (props: {
  id: string;
  label: string;
  value: string;
  hidden?: boolean;
  actions?: ReactNode;
  onCopy: (label: string, value: string) => void;
}) => {
  const { id, label, value, hidden, actions, onCopy } = props;
  const copyLabel = `Copy ${label.toLowerCase()}`;
  return (
    <TextField
      id={id}
      label={label}
      value={value}
      type={hidden ? 'password' : 'text'}
      fullWidth
      margin="dense"
      InputProps={{
        readOnly: true,
        endAdornment: (
          <InputAdornment position="end">
            {actions}
            <Tooltip title={copyLabel}>
              <IconButton
                aria-label={copyLabel}
                onClick={() => onCopy(label, value)}
              >
                <FileCopyIcon />
              </IconButton>
            </Tooltip>
          </InputAdornment>
        ),
      }}
    />
  );
};

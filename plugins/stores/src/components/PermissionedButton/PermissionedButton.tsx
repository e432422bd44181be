import Button, { ButtonProps } from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';

export interface PermissionedButtonProps extends ButtonProps {
  /** Why the button is disabled; shown in a tooltip when set. */
  disabledReason?: string;
}

/**
 * A button that, when the user may not use it, stays visible but disabled and
 * says why in a tooltip. A disabled button gets no pointer events, so the
 * tooltip hangs on a wrapping span.
 */
export const PermissionedButton = ({
  disabledReason,
  disabled,
  ...buttonProps
}: PermissionedButtonProps) => {
  if (!disabledReason) {
    return <Button disabled={disabled} {...buttonProps} />;
  }
  return (
    <Tooltip title={disabledReason}>
      <span>
        <Button disabled aria-disabled {...buttonProps} />
      </span>
    </Tooltip>
  );
};

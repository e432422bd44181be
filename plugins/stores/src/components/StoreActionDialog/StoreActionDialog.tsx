import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import type { ReactNode } from 'react';

export interface StoreActionDialogProps {
  open: boolean;
  /** Cancel, Escape and a click outside. */
  onClose(): void;
  /** The title element's id, which labels the dialog. */
  titleId: string;
  title: ReactNode;
  children: ReactNode;
  /** The button that does the action, next to Cancel. */
  confirm: {
    label: string;
    /** Shown instead of `label` while `busy`. */
    busyLabel: string;
    color: 'primary' | 'secondary';
    /** Besides while busy. */
    disabled?: boolean;
    busy?: boolean;
    onClick(): void;
  };
}

/**
 * The frame of a dialog that asks for one action on a store (edit, delete):
 * title, content, Cancel and the action's button, disabled while it runs.
 */
export const StoreActionDialog = ({
  open,
  onClose,
  titleId,
  title,
  children,
  confirm,
}: StoreActionDialogProps) => (
  <Dialog
    open={open}
    onClose={onClose}
    aria-labelledby={titleId}
    fullWidth
    maxWidth="sm"
  >
    <DialogTitle id={titleId}>{title}</DialogTitle>
    <DialogContent>{children}</DialogContent>
    <DialogActions>
      <Button onClick={onClose}>Cancel</Button>
      <Button
        color={confirm.color}
        variant="contained"
        disabled={confirm.disabled || confirm.busy}
        onClick={confirm.onClick}
      >
        {confirm.busy ? confirm.busyLabel : confirm.label}
      </Button>
    </DialogActions>
  </Dialog>
);

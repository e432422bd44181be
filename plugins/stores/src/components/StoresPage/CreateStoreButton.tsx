import AddIcon from '@material-ui/icons/Add';
import { LinkButton } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { storeCreatePermission } from '@internal/plugin-stores-common';
import { useCreateStoreLink } from '../../hooks/useCreateStoreLink';
import { PermissionedButton } from '../PermissionedButton';

/** Opens the store template in the Create flow, if the user may create stores. */
export const CreateStoreButton = () => {
  const to = useCreateStoreLink();
  const { allowed, loading } = usePermission({
    permission: storeCreatePermission,
  });
  if (allowed) {
    return (
      <LinkButton
        to={to}
        variant="contained"
        color="primary"
        startIcon={<AddIcon />}
      >
        Create store
      </LinkButton>
    );
  }
  return (
    <PermissionedButton
      variant="contained"
      color="primary"
      startIcon={<AddIcon />}
      disabled
      disabledReason={
        loading ? undefined : 'You are not allowed to create stores'
      }
    >
      Create store
    </PermissionedButton>
  );
};

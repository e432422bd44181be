import StorefrontIcon from '@material-ui/icons/Storefront';

/** The stores plugin's icon (page title, sidebar). */
export const StoresIcon = () => <StorefrontIcon fontSize="inherit" />;

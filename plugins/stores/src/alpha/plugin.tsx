import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { createStoreTemplateRouteRef, rootRouteRef } from '../routes';
import { storesApi } from './apis';
import { entityStoreBackupsCard, entityStoreStatusCard } from './entityCards';
import { entityStoreEventsContent } from './entityContents';
import {
  storeNameConfirmationFormField,
  storeNameFormField,
  storeOwnerFormField,
} from './formFields';
import { storesPage } from './pages';
import { StoresIcon } from './StoresIcon';

/**
 * The stores plugin for the new frontend system: the `/stores` page with its
 * sidebar entry, the StoresApi, the status card and events tab on store
 * entity pages, and the `StoreName` and `StoreNameConfirmation` fields for the
 * Create page's forms.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'stores',
  title: 'Stores',
  icon: <StoresIcon />,
  info: { packageJson: () => import('../../package.json') },
  extensions: [
    storesApi,
    storesPage,
    entityStoreStatusCard,
    entityStoreBackupsCard,
    entityStoreEventsContent,
    storeNameConfirmationFormField,
    storeNameFormField,
    storeOwnerFormField,
  ],
  routes: { root: rootRouteRef },
  externalRoutes: { createStoreTemplate: createStoreTemplateRouteRef },
});

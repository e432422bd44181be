import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';
import { StoresIcon } from './StoresIcon';

/**
 * The stores page at `/stores`. Its title and icon make the sidebar entry
 * (the app's nav takes `page:stores`). The page draws its own header.
 */
export const storesPage = PageBlueprint.make({
  params: {
    path: '/stores',
    title: 'Stores',
    icon: <StoresIcon />,
    routeRef: rootRouteRef,
    noHeader: true,
    loader: () =>
      import('../components/StoresPage').then(m => <m.StoresPage />),
  },
});

import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { StoresClient, type StoresService } from './client';

/** The stores backend's API, for other backend plugins and modules. */
export const storesServiceRef = createServiceRef<StoresService>({
  id: 'stores.client',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { discovery: coreServices.discovery, auth: coreServices.auth },
      factory: ({ discovery, auth }) =>
        StoresClient.create({ discovery, auth }),
    }),
});

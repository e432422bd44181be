import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { StoresClient, storesApiRef } from '../api';

/** The StoresApi for the new frontend system. */
export const storesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: storesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new StoresClient({ discoveryApi, fetchApi }),
    }),
});

import { useRouteRef } from '@backstage/core-plugin-api';
import { createStoreTemplateRouteRef } from '../routes';
import { STORE_TEMPLATE } from '../lib/storeEntity';

/**
 * Where "Create store" leads: the template in the Create flow. Uses the bound
 * scaffolder route when there is one, else the scaffolder's standard path.
 */
export function useCreateStoreLink(): string {
  const templateRoute = useRouteRef(createStoreTemplateRouteRef);
  const params = {
    namespace: STORE_TEMPLATE.namespace,
    templateName: STORE_TEMPLATE.name,
  };
  return templateRoute
    ? templateRoute(params)
    : `/create/templates/${params.namespace}/${params.templateName}`;
}

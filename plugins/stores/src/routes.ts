import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/** The stores page. */
export const rootRouteRef = createRouteRef({ id: 'stores' });

/**
 * The Create flow of one template. Bound to the scaffolder's selected-template
 * route by default; when nothing is bound, the page links to the scaffolder's
 * standard path instead (see useCreateStoreLink).
 */
export const createStoreTemplateRouteRef = createExternalRouteRef({
  id: 'create-store-template',
  optional: true,
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});

import type { ReactElement } from 'react';
import type { Entity } from '@backstage/catalog-model';
import {
  renderInTestApp,
  type TestAppOptions,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';

/** The catalog's entity page route, which the store cards link to. */
export const entityPageRoutes = {
  '/catalog/:namespace/:kind/:name': entityRouteRef,
};

/**
 * Renders an entity card or tab as the catalog's entity page does: in the
 * entity's context, with the entity page route mounted.
 */
export function renderOnEntityPage<const TApiPairs extends any[]>(
  entity: Entity,
  element: ReactElement,
  apis: TestAppOptions<TApiPairs>['apis'],
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>{element}</EntityProvider>,
    { apis, mountedRoutes: entityPageRoutes },
  );
}

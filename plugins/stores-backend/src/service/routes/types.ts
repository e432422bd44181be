import type { internal } from '@backstage/backend-openapi-utils';
import type { spec } from '../../schema/openapi.generated';

type Spec = typeof spec;
type Paths = Spec['paths'];

/**
 * One route's handler, typed from the OpenAPI spec: path parameters, query,
 * body and answer of `Method` on `Path` (as written in openapi.yaml, e.g.
 * `RouteHandler<'/stores/{id}', 'get'>`). Rejections reach the error
 * handler through express-promise-router.
 */
export type RouteHandler<
  Path extends keyof Paths,
  Method extends keyof Paths[Path],
> = (
  ...args: Parameters<internal.DocRequestHandler<Spec, Path, Method>>
) => Promise<void>;

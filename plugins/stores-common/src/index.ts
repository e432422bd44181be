/**
 * Types, request and response schemas, permissions and well-known keys shared
 * by the stores plugins.
 *
 * @packageDocumentation
 */
export * from './backups';
export * from './conditions';
export * from './credentials';
export * from './entityRefs';
export * from './errors';
export * from './fleet';
export * from './keys';
export * from './names';
export * from './permissions';
export * from './schemas';
export * from './types';
export type {
  paths as StoresApiPaths,
  components as StoresApiComponents,
} from './schema/openapi.generated';

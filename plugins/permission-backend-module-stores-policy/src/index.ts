/**
 * The portal's permission policy: stores for their owners and the admin
 * group, reads of others' stores as `stores.access.read` says.
 *
 * @packageDocumentation
 */
export { permissionModuleStoresPolicy as default } from './module';
export { StoresPermissionPolicy } from './StoresPermissionPolicy';

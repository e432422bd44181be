/**
 * Scaffolder actions that provision and remove WooCommerce stores through the
 * stores backend: stores:create, stores:wait and stores:delete.
 *
 * @packageDocumentation
 */
export { scaffolderModuleStores as default } from './module';
export * from './actions';

/**
 * Scaffolder actions that provision and remove stores of any installed engine
 * (WooCommerce, Medusa) through the stores backend: stores:create,
 * stores:wait, stores:update and stores:delete.
 *
 * @packageDocumentation
 */
export { scaffolderModuleStores as default } from './module';
export * from './actions';

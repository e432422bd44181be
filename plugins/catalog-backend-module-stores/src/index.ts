/**
 * Catalog backend module: every store becomes a `Resource` entity.
 *
 * @packageDocumentation
 */
export { catalogModuleStores as default } from './module';
export {
  StoreEntityProvider,
  STORES_LOCATION_KEY,
  type StoreEntityProviderOptions,
} from './provider/StoreEntityProvider';
export { storeToEntity } from './provider/storeToEntity';

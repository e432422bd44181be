/**
 * The WooCommerce store engine for the stores backend, as a backend module.
 *
 * @packageDocumentation
 */
export { storesModuleWooCommerce as default } from './module';
export {
  WooCommerceEngine,
  WOOCOMMERCE_STAGES,
  type WooCommerceEngineOptions,
} from './engine';

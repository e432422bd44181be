export { WooCommerceEngine, WOOCOMMERCE_STAGES } from './WooCommerceEngine';
export type { StoreEngineOptions as WooCommerceEngineOptions } from '@internal/plugin-stores-node';

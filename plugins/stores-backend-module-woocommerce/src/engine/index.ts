export { WooCommerceEngine, WOOCOMMERCE_STAGES } from './WooCommerceEngine';
export type { WooCommerceEngineOptions } from './WooCommerceEngine';

export { MedusaEngine, MEDUSA_STAGES } from './MedusaEngine';
export type { StoreEngineOptions as MedusaEngineOptions } from '@internal/plugin-stores-node';

export { MedusaEngine, MEDUSA_STAGES } from './MedusaEngine';
export type { MedusaEngineOptions } from './MedusaEngine';

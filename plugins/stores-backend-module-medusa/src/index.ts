/**
 * The Medusa store engine for the stores backend, as a backend module.
 *
 * @packageDocumentation
 */
export { storesModuleMedusa as default } from './module';
export {
  MedusaEngine,
  MEDUSA_STAGES,
  type MedusaEngineOptions,
} from './engine';

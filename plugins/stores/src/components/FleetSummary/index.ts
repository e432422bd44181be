export { FleetSummary } from './FleetSummary';
export type { PhaseFilter } from './FleetSummary';

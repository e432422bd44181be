export { ConditionsStepper, conditionLabel } from './ConditionsStepper';

export { SuspendResumeButtons } from './SuspendResumeButtons';
export type { SuspendResumeButtonsProps } from './SuspendResumeButtons';

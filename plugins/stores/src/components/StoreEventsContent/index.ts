export { StoreEventsContent } from './StoreEventsContent';
export type { StoreEventsContentProps } from './StoreEventsContent';

export { StatusCard } from './StatusCard';
export type { StatusCardProps } from './StatusCard';

export { StoresPage, StoresPageContent } from './StoresPage';
export type { StoresPageProps } from './StoresPage';

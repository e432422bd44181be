import { foundationApps, type StoreApp } from '@internal/plugin-stores-node';

/**
 * The parts of a Medusa store, as app labels (pods are selected by their
 * app's name and component).
 */
export const APPS = {
  ...foundationApps('medusa-store'),
  database: { name: 'postgres', component: 'database' },
  cache: { name: 'redis', component: 'cache' },
  server: { name: 'medusa', component: 'server' },
  worker: { name: 'medusa', component: 'worker' },
  ingress: { name: 'medusa', component: 'ingress' },
  bootstrap: { name: 'medusa', component: 'bootstrap' },
} as const satisfies Record<string, StoreApp>;

import type { StoreApp } from '@internal/plugin-stores-node';

/** Stable pod selectors (selectors are immutable, so they carry no store data). */
export const SELECTORS = {
  database: {
    'app.kubernetes.io/name': 'postgres',
    'app.kubernetes.io/component': 'database',
  },
  cache: {
    'app.kubernetes.io/name': 'redis',
    'app.kubernetes.io/component': 'cache',
  },
  server: {
    'app.kubernetes.io/name': 'medusa',
    'app.kubernetes.io/component': 'server',
  },
  worker: {
    'app.kubernetes.io/name': 'medusa',
    'app.kubernetes.io/component': 'worker',
  },
  bootstrap: {
    'app.kubernetes.io/name': 'medusa',
    'app.kubernetes.io/component': 'bootstrap',
  },
} as const;

/** The parts of a Medusa store, as app labels. */
export const APPS = {
  namespace: { name: 'medusa-store', component: 'namespace' },
  policy: { name: 'medusa-store', component: 'policy' },
  credentials: { name: 'medusa-store', component: 'credentials' },
  database: { name: 'postgres', component: 'database' },
  cache: { name: 'redis', component: 'cache' },
  server: { name: 'medusa', component: 'server' },
  worker: { name: 'medusa', component: 'worker' },
  ingress: { name: 'medusa', component: 'ingress' },
  bootstrap: { name: 'medusa', component: 'bootstrap' },
} as const satisfies Record<string, StoreApp>;

import {
  type BootstrapJobSpec,
  type EngineRenderContext,
  storeHost,
} from '@internal/plugin-stores-node';
import { BOOTSTRAP_SCRIPT, SEED_SCRIPT } from './bootstrapScript';
import { medusaEnv } from './env';
import { APPS } from './labels';
import { MEDUSA_SCRATCH, MEDUSA_UID } from './medusa';
import {
  ADMIN_USER,
  fromSecret,
  imageOf,
  MEDUSA_PORT,
  NAMES,
  POSTGRES_PORT,
} from './names';

/** The Job that migrates the database, creates the admin user and seeds the store. */
export function bootstrapJob(ctx: EngineRenderContext): BootstrapJobSpec {
  return {
    name: NAMES.bootstrapJob,
    app: APPS.bootstrap,
    pod: { uid: MEDUSA_UID },
    container: {
      image: imageOf(ctx, 'medusa'),
      command: ['/bin/sh', '-c', BOOTSTRAP_SCRIPT, 'medusa-bootstrap'],
      args: [SEED_SCRIPT],
      env: [
        ...medusaEnv(ctx),
        { name: 'DATABASE_HOST', value: NAMES.database },
        { name: 'DATABASE_PORT', value: String(POSTGRES_PORT) },
        { name: 'MEDUSA_API', value: `http://${NAMES.server}:${MEDUSA_PORT}` },
        {
          name: 'MEDUSA_ADMIN_EMAIL',
          value: `${ADMIN_USER}@${storeHost(ctx)}`,
        },
        fromSecret('MEDUSA_ADMIN_PASSWORD', 'adminPassword'),
      ],
      scratch: MEDUSA_SCRATCH,
    },
  };
}

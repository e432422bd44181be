import {
  BOOTSTRAP_PRELUDE,
  type BootstrapJobSpec,
  type EngineRenderContext,
  NEW_ADMIN_PASSWORD_ENV,
} from '@internal/plugin-stores-node';
import { bootstrapJob } from './bootstrapJob';
import { WAIT_FOR_DATABASE } from './bootstrapScript';
import { NAMES } from './names';

/**
 * Sets the WordPress admin's password to the new one with wp-cli (`wp user
 * update`), as the bootstrap Job set the first one; prints no secret.
 */
export const ADMIN_PASSWORD_SCRIPT = `${BOOTSTRAP_PRELUDE}
step "1/2 waiting for the database"
${WAIT_FOR_DATABASE}

step "2/2 setting the password of $WP_ADMIN_USER"
wp user update "$WP_ADMIN_USER" --user_pass="$${NEW_ADMIN_PASSWORD_ENV}" --skip-email >/dev/null

step "done: the password of $WP_ADMIN_USER is set"
`;

/**
 * The rotation Job: the bootstrap Job's pod (wp-cli image, content volume
 * next to WordPress, database access by its network policy) running
 * {@link ADMIN_PASSWORD_SCRIPT} instead.
 */
export function adminPasswordJob(
  ctx: EngineRenderContext,
  storefrontUrl: string,
): BootstrapJobSpec {
  const bootstrap = bootstrapJob(ctx, storefrontUrl);
  return {
    ...bootstrap,
    name: NAMES.adminPasswordJob,
    container: {
      ...bootstrap.container,
      command: ['/bin/sh', '-c', ADMIN_PASSWORD_SCRIPT],
    },
  };
}

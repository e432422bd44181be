import type {
  BootstrapJobSpec,
  EngineRenderContext,
} from '@internal/plugin-stores-node';
import { BOOTSTRAP_SCRIPT } from './bootstrapScript';
import { wpCliJob } from './wpCliJob';

/** wp-cli installs WordPress and WooCommerce into the content volume. */
export function bootstrapJob(
  ctx: EngineRenderContext,
  storefrontUrl: string,
): BootstrapJobSpec {
  return wpCliJob(ctx, {
    script: BOOTSTRAP_SCRIPT,
    storeUrl: storefrontUrl,
    extraEnv: [{ name: 'WP_CLI_CACHE_DIR', value: '/tmp/wp-cli-cache' }],
    tmp: "wp-cli's home and download cache, PHP's temporary files",
  });
}

import {
  BACKUP_WORK_DIR,
  type BootstrapJobSpec,
  type EngineRenderContext,
} from '@internal/plugin-stores-node';
import { RESTORE_SCRIPT } from './restoreScript';
import { wpCliJob } from './wpCliJob';

/**
 * The bootstrap Job of a store made from a backup (BackupDefinition's
 * `restore`): wp-cli beside WordPress imports the backup that the shared
 * restore step fetched into BACKUP_WORK_DIR, instead of a fresh install.
 */
export function restoreJob(
  ctx: EngineRenderContext,
  urls: { storefront?: string },
): BootstrapJobSpec {
  return wpCliJob(ctx, {
    script: RESTORE_SCRIPT,
    storeUrl: urls.storefront ?? '',
    inputs: [{ name: 'BACKUP_DIR', value: BACKUP_WORK_DIR }],
    tmp: "wp-cli's home, PHP's temporary files",
  });
}

import type { BackupRef } from '@internal/plugin-stores-common';
import { BACKUP_WORK_DIR } from '../backups';
import type { EngineRenderContext } from '../engine';
import { s3Env, s3Image } from './backup';
import type { BootstrapJobSpec } from './bootstrapJob';
import { tmpScratch, type ContainerSpec } from './containers';

/*
 * The bootstrap of a store made from a backup (`restoredFrom`): the
 * engine's restore container instead of its fresh install, after a `fetch`
 * step that copies the backup's files from the s3 target into an emptyDir
 * at BACKUP_WORK_DIR. Only the s3 target can be restored from: a claim
 * stays in its own store's namespace (docs/backups.md).
 */

const FETCH_FROM_S3 = `set -eu
echo "[restore] fetching backup $SOURCE_BACKUP of store $SOURCE_STORE_ID"
aws --endpoint-url "$S3_ENDPOINT" s3 cp --recursive --only-show-errors "s3://$S3_BUCKET/$SOURCE_STORE_ID/$SOURCE_BACKUP/" "${BACKUP_WORK_DIR}/"
if [ -z "$(ls -A ${BACKUP_WORK_DIR})" ]; then
  echo "[restore] backup $SOURCE_BACKUP of store $SOURCE_STORE_ID has no files at the target"
  exit 1
fi
`;

const NO_S3_TARGET = `echo "[restore] this store is made from backup $SOURCE_BACKUP of store $SOURCE_STORE_ID, and the portal has no s3 backup target (stores.backups.target) to fetch it from"
exit 1
`;

/** The fetch step of a restore. */
function fetchStep(ctx: EngineRenderContext, from: BackupRef): ContainerSpec {
  const target = ctx.settings.backups?.target;
  const source = [
    { name: 'SOURCE_STORE_ID', value: from.store },
    { name: 'SOURCE_BACKUP', value: from.backup },
  ];
  return {
    name: 'fetch',
    image: s3Image(ctx),
    command: [
      '/bin/sh',
      '-c',
      target?.type === 's3' ? FETCH_FROM_S3 : NO_S3_TARGET,
    ],
    env: [...source, ...(target?.type === 's3' ? s3Env(target) : [])],
    volumeMounts: [{ name: 'backup', mountPath: BACKUP_WORK_DIR }],
    scratch: [tmpScratch("the aws CLI's home and cache")],
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}

/**
 * The engine's restore bootstrap with the fetch step before it and the
 * backup's files mounted read-only at BACKUP_WORK_DIR.
 */
export function restoreBootstrapJob(
  ctx: EngineRenderContext,
  restore: BootstrapJobSpec,
  from: BackupRef,
): BootstrapJobSpec {
  const sizeLimit = ctx.plan.containerDefaults.limits['ephemeral-storage'];
  return {
    ...restore,
    pod: {
      ...restore.pod,
      initContainers: [
        ...(restore.pod.initContainers ?? []),
        fetchStep(ctx, from),
      ],
      volumes: [
        ...(restore.pod.volumes ?? []),
        { name: 'backup', emptyDir: { sizeLimit } },
      ],
    },
    container: {
      ...restore.container,
      volumeMounts: [
        ...(restore.container.volumeMounts ?? []),
        { name: 'backup', mountPath: BACKUP_WORK_DIR, readOnly: true },
      ],
    },
  };
}

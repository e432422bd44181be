import type { RenderedObject } from '@internal/plugin-stores-common';
import {
  BACKUP_COMPONENT,
  BACKUP_CRONJOB_NAME,
  BACKUP_SIZE_PREFIX,
  BACKUP_WORK_DIR,
  DEFAULT_BACKUP_PLAN,
  type BackupTarget,
} from '../backups';
import type { EngineRenderContext } from '../engine';
import {
  fieldEnv,
  secretEnv,
  storePodSpec,
  tmpScratch,
  volumeClaimSpec,
  type ContainerSpec,
  type EnvVar,
} from './containers';
import { storeLabels, storeObjectMeta, type StoreApp } from './labels';
import {
  allowEgressOut,
  componentsSelector,
  type StoreNetwork,
} from './network';

/*
 * A store's backups, the same for every engine but for the engine's own
 * dump steps (docs/backups.md): a CronJob in the store's namespace on the
 * plan's schedule whose pod runs the engine's steps (init containers, each
 * writing files into the backup's folder) and then one step that stores the
 * folder at the target and keeps the newest `retention` backups there. The
 * pods are the store's own (restricted, no token: storePodSpec); the
 * network lets them reach the store's database (they join its path's
 * clients) and, for the s3 target, the bucket's endpoint only.
 */

/** The claim of the pvc target, in the store's namespace. */
export const BACKUP_CLAIM_NAME = 'store-backups';
/** The policy that lets backup (and restore) pods reach the s3 endpoint. */
export const BACKUP_TARGET_POLICY = 'allow-backup-target';
/** Where the pvc target's claim is mounted in the backup pod. */
const CLAIM_MOUNT = '/backups';
/** Image of the s3 steps when `stores.images.s3` is not set. */
export const DEFAULT_S3_IMAGE = 'amazon/aws-cli:2.17.0';

/** What an engine states about its backups. */
export interface BackupDefinition {
  /** Name of the engine's network path to its database (its clients gain the backup pods). */
  databasePath: string;
  /** The pod's user (the steps share the pod's volumes). */
  uid: number;
  /** Pod affinity, e.g. next to the pod whose ReadWriteOnce volume a step reads. */
  affinity?: Record<string, unknown>;
  /** The pod's own volumes the steps mount (claims). */
  volumes?: Array<Record<string, unknown>>;
  /**
   * The steps that write the backup, in order. Each gets `$WORK` (the
   * backup's folder, to write its files into), `$BACKUP_NAME` and
   * `$STORE_URL`.
   */
  steps(ctx: EngineRenderContext): ContainerSpec[];
  /** An image with a POSIX shell, `find`, `wc`, `sort` and `awk`, for the pvc target's last step. */
  toolsImage(ctx: EngineRenderContext): string;
}

/** The app labels of the backup CronJob, Jobs and pods. */
export function backupApp(storeKind: string): StoreApp {
  return { name: `${storeKind}-backup`, component: BACKUP_COMPONENT };
}

/** The s3 steps' image: `stores.images.s3`, else DEFAULT_S3_IMAGE. */
export function s3Image(ctx: EngineRenderContext): string {
  return ctx.settings.images.s3 ?? DEFAULT_S3_IMAGE;
}

/** The target's env for the s3 steps: endpoint, bucket, region, and the credentials by reference. */
export function s3Env(target: Extract<BackupTarget, { type: 's3' }>): EnvVar[] {
  return [
    { name: 'S3_ENDPOINT', value: target.endpoint },
    { name: 'S3_BUCKET', value: target.bucket },
    { name: 'AWS_DEFAULT_REGION', value: target.region },
    // The credentials stay in the cluster: the pod reads them by reference.
    secretEnv(
      'AWS_ACCESS_KEY_ID',
      target.credentialsSecret,
      'AWS_ACCESS_KEY_ID',
    ),
    secretEnv(
      'AWS_SECRET_ACCESS_KEY',
      target.credentialsSecret,
      'AWS_SECRET_ACCESS_KEY',
    ),
    { name: 'HOME', value: '/tmp' },
  ];
}

/** The port of the s3 endpoint's URL. */
function endpointPort(endpoint: string): number {
  const url = new URL(endpoint);
  if (url.port) {
    return Number(url.port);
  }
  return url.protocol === 'http:' ? 80 : 443;
}

/** Keeps the newest $RETENTION names read on stdin (backup Job names end in their minute). */
const OLDER_THAN_RETENTION = `sort -t- -k3,3n -k4 | awk -v keep="$RETENTION" '{ n[NR] = $0 } END { for (i = 1; i <= NR - keep; i++) print n[i] }'`;

/** The pvc target's last step: the folder made final, old ones removed, the size reported. */
const STORE_ON_CLAIM = `set -eu
cd ${CLAIM_MOUNT}
rm -rf "$BACKUP_NAME"
mv "$WORK" "$BACKUP_NAME"
for partial in .partial-*; do
  if [ -e "$partial" ]; then rm -rf "$partial"; fi
done
ls -1 | grep '^${BACKUP_CRONJOB_NAME}-' | ${OLDER_THAN_RETENTION} | while read -r old; do
  echo "[backup] removing $old (retention $RETENTION)"
  rm -rf "$old"
done
size=$(find "$BACKUP_NAME" -type f -exec cat {} + | wc -c)
echo "[backup] stored $BACKUP_NAME ($size bytes)"
echo "${BACKUP_SIZE_PREFIX}$size" > /dev/termination-log
`;

/** The s3 target's last step: the folder uploaded, old ones removed, the size reported. */
const STORE_ON_S3 = `set -eu
prefix="s3://$S3_BUCKET/$STORE_ID"
aws --endpoint-url "$S3_ENDPOINT" s3 cp --recursive --only-show-errors "$WORK/" "$prefix/$BACKUP_NAME/"
aws --endpoint-url "$S3_ENDPOINT" s3 ls "$prefix/" | awk '$1 == "PRE" { sub("/$", "", $2); print $2 }' | grep '^${BACKUP_CRONJOB_NAME}-' | ${OLDER_THAN_RETENTION} | while read -r old; do
  echo "[backup] removing $old (retention $RETENTION)"
  aws --endpoint-url "$S3_ENDPOINT" s3 rm --recursive --only-show-errors "$prefix/$old/"
done
size=$(find "$WORK" -type f -exec cat {} + | wc -c)
echo "[backup] stored $BACKUP_NAME ($size bytes)"
echo "${BACKUP_SIZE_PREFIX}$size" > /dev/termination-log
`;

/** The backup pod's shared env: which backup, of which store, where its files go. */
function backupEnv(
  ctx: EngineRenderContext,
  work: string,
  storeUrl: string,
): EnvVar[] {
  return [
    fieldEnv('BACKUP_NAME', "metadata.labels['batch.kubernetes.io/job-name']"),
    { name: 'WORK', value: work },
    { name: 'STORE_ID', value: ctx.store.id },
    { name: 'STORE_URL', value: storeUrl },
    {
      name: 'RETENTION',
      value: String((ctx.plan.backup ?? DEFAULT_BACKUP_PLAN).retention),
    },
  ];
}

/**
 * The backup objects of a store with backups configured: the pvc target's
 * claim and the CronJob. None without `settings.backups`.
 */
export function renderBackupObjects(
  ctx: EngineRenderContext,
  definition: BackupDefinition,
  app: StoreApp,
  storeUrl: string,
): RenderedObject[] {
  const target = ctx.settings.backups?.target;
  if (!target) {
    return [];
  }
  const plan = ctx.plan.backup ?? DEFAULT_BACKUP_PLAN;
  const onClaim = target.type === 'pvc';
  // On a claim the files are written in place (a partial folder renamed
  // at the end); for s3 they are gathered in an emptyDir first.
  const work = onClaim
    ? `${CLAIM_MOUNT}/.partial-$(BACKUP_NAME)`
    : BACKUP_WORK_DIR;
  const workMount = onClaim
    ? { name: 'backups', mountPath: CLAIM_MOUNT }
    : { name: 'work', mountPath: BACKUP_WORK_DIR };
  const env = backupEnv(ctx, work, storeUrl);
  const steps = definition.steps(ctx).map(step => ({
    ...step,
    env: [...env, ...(step.env ?? [])],
    volumeMounts: [...(step.volumeMounts ?? []), workMount],
  }));
  const store: ContainerSpec = onClaim
    ? {
        name: 'store',
        image: definition.toolsImage(ctx),
        command: ['/bin/sh', '-c', STORE_ON_CLAIM],
        env,
        volumeMounts: [workMount],
        terminationMessagePolicy: 'FallbackToLogsOnError',
      }
    : {
        name: 'store',
        image: s3Image(ctx),
        command: ['/bin/sh', '-c', STORE_ON_S3],
        env: [...env, ...s3Env(target)],
        volumeMounts: [workMount],
        scratch: [tmpScratch("the aws CLI's home and cache")],
        terminationMessagePolicy: 'FallbackToLogsOnError',
      };
  const labels = storeLabels(ctx.store, app);
  const sizeLimit = ctx.plan.containerDefaults.limits['ephemeral-storage'];
  const cronJob: RenderedObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: storeObjectMeta(ctx, BACKUP_CRONJOB_NAME, app),
    spec: {
      schedule: plan.schedule,
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      // A suspended store's database is not running.
      suspend: ctx.suspended === true,
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: plan.retention,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels },
        spec: {
          backoffLimit: 1,
          activeDeadlineSeconds: 3600,
          template: {
            metadata: { labels },
            spec: storePodSpec(ctx, {
              uid: definition.uid,
              restartPolicy: 'Never',
              ...(definition.affinity ? { affinity: definition.affinity } : {}),
              volumes: [
                ...(definition.volumes ?? []),
                onClaim
                  ? {
                      name: 'backups',
                      persistentVolumeClaim: { claimName: BACKUP_CLAIM_NAME },
                    }
                  : { name: 'work', emptyDir: { sizeLimit } },
              ],
              initContainers: steps,
              containers: [store],
            }),
          },
        },
      },
    },
  };
  if (!onClaim) {
    return [cronJob];
  }
  return [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: storeObjectMeta(ctx, BACKUP_CLAIM_NAME, app),
      spec: volumeClaimSpec(ctx, target.storage),
    },
    cronJob,
  ];
}

/**
 * The engine's network with backups: the backup pods join the clients of
 * the database path, nothing else (default deny holds the rest).
 */
export function networkWithBackups(
  ctx: EngineRenderContext,
  network: StoreNetwork,
  definition: BackupDefinition | undefined,
  app: StoreApp,
): StoreNetwork {
  if (!ctx.settings.backups || !definition) {
    return network;
  }
  if (!network.paths.some(p => p.name === definition.databasePath)) {
    throw new Error(
      `The engine's backup names the network path "${definition.databasePath}", which its network does not have`,
    );
  }
  return {
    ...network,
    paths: network.paths.map(path =>
      path.name === definition.databasePath
        ? { ...path, clients: [...path.clients, app] }
        : path,
    ),
  };
}

/**
 * For the s3 target: the backup pods (and, in a store restored from a
 * backup, its bootstrap pod, which fetches it) to the endpoint's port, at
 * `egressCidrs` or else any address but the internal ranges.
 */
export function renderBackupTargetEgress(
  ctx: EngineRenderContext,
  policyApp: StoreApp,
  apps: { backup: StoreApp; bootstrap: StoreApp },
): RenderedObject[] {
  const target = ctx.settings.backups?.target;
  if (target?.type !== 's3') {
    return [];
  }
  const clients = ctx.store.restoredFrom
    ? [apps.backup, apps.bootstrap]
    : [apps.backup];
  return [
    allowEgressOut(ctx, policyApp, {
      name: BACKUP_TARGET_POLICY,
      podSelector: componentsSelector(clients),
      port: endpointPort(target.endpoint),
      cidrs: target.egressCidrs,
    }),
  ];
}

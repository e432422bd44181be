import type { RenderedObject, StoreUrls } from '@internal/plugin-stores-common';
import type { AdminAccount } from '../adminCredentials';
import type { EngineRenderContext, StoreEngine, StoreStage } from '../engine';
import { BACKUP_COMPONENT } from '../backups';
import { renderAdminPasswordJob } from './adminPasswordJob';
import {
  backupApp,
  networkWithBackups,
  renderBackupObjects,
  renderBackupTargetEgress,
  type BackupDefinition,
} from './backup';
import { renderBootstrapJob, type BootstrapJobSpec } from './bootstrapJob';
import {
  FOUNDATION_CONDITIONS,
  foundationStages,
  generatedSecretSpec,
  storeEngineOptions,
  type FoundationApps,
  type StoreEngineOptions,
} from './foundation';
import { renderStoreIngress, storeBaseUrl } from './ingress';
import { judgeStoreObject } from './judge';
import type { StoreApp } from './labels';
import { renderStoreNetwork, type StoreNetwork } from './network';
import { restoreBootstrapJob } from './restoreJob';

/** The condition of the backup stage, last, in stores with backups configured. */
export const BACKUP_CONDITION = 'BackupScheduled';

/** The conditions of the last two stages of every store, after its workloads. */
export const CLOSING_CONDITIONS = [
  'IngressReady',
  'BootstrapComplete',
] as const;

/**
 * An engine's own workload stages, in order: each stage's condition type
 * and what renders its objects. (A record keeps its string keys in the
 * order they were written, and condition types are never integer-like.)
 */
export type WorkloadStages = Record<
  string,
  (ctx: EngineRenderContext) => RenderedObject[]
>;

/**
 * The types of an engine's stage conditions (the store's status
 * conditions), in order: the foundation's, its own workloads', the closing
 * ones. (Not the permission conditions, `storeConditions` of the stores
 * backend.)
 */
export function stageConditionTypes<const W extends WorkloadStages>(
  workloads: W,
) {
  const own = Object.keys(workloads) as Array<Extract<keyof W, string>>;
  return [...FOUNDATION_CONDITIONS, ...own, ...CLOSING_CONDITIONS] as const;
}

/**
 * What an engine built on these blocks states about itself. The rest (the
 * generated Secret's spec, the namespace, quota, network and secret stages,
 * the Ingress and bootstrap stages, readiness, URLs under the store's host)
 * is the same for every engine.
 */
export interface StoreEngineDefinition {
  /** Engine id as used in `POST /stores` (`engine`). */
  id: string;
  /** The app label of each foundation object. */
  apps: FoundationApps;
  /** The generated Secret: its name and its keys by purpose. */
  secret: { name: string; keys: Record<string, string> };
  /** The paths the store's pods need beyond default deny and DNS. */
  network: StoreNetwork;
  /** The engine's own workload stages, in order, after the foundation's four. */
  workloads: WorkloadStages;
  /** The store's Ingress: its host, all of it to one Service port (by name). */
  ingress: { name: string; app: StoreApp; service: string; port: string };
  /** The Job that sets the store up once its workloads run (last stage). */
  bootstrap(ctx: EngineRenderContext, urls: StoreUrls): BootstrapJobSpec;
  /** The store's public URLs, from its base URL (scheme, host, trailing slash). */
  urls(baseUrl: string): StoreUrls;
  /**
   * The store's backups (rendered when `settings.backups` is set; see
   * docs/backups.md): the steps that dump its data, and `restore`, the
   * bootstrap of a store made from one of them (absent: they cannot be
   * restored).
   */
  backup?: BackupDefinition & {
    restore?(ctx: EngineRenderContext, urls: StoreUrls): BootstrapJobSpec;
  };
  /** The application's admin user, if it has one (see {@link AdminAccount}). */
  adminCredentials?: {
    userName(ctx: EngineRenderContext): string;
    /** Its password's purpose among `secret.keys`. */
    passwordKey: string;
    /**
     * The Job that sets a new password (read from `NEW_ADMIN_PASSWORD`),
     * rendered with {@link renderAdminPasswordJob}; absent: no rotation.
     */
    rotation?(ctx: EngineRenderContext, urls: StoreUrls): BootstrapJobSpec;
  };
}

/** A {@link StoreEngine} from an engine's definition and the options it is given. */
export function createStoreEngine(
  definition: StoreEngineDefinition,
  options: StoreEngineOptions = {},
): StoreEngine {
  const resolved = storeEngineOptions(options);
  const urls = (ctx: EngineRenderContext) => definition.urls(storeBaseUrl(ctx));
  const { ingress, backup } = definition;
  const backups = backupApp(definition.apps.namespace.name);
  const bootstrapOf = (ctx: EngineRenderContext) => {
    const from = ctx.store.restoredFrom;
    return from && backup?.restore
      ? restoreBootstrapJob(ctx, backup.restore(ctx, urls(ctx)), from)
      : definition.bootstrap(ctx, urls(ctx));
  };
  return {
    id: definition.id,
    secret: ctx => generatedSecretSpec(ctx, definition.secret, definition.apps),
    stages: ctx => {
      const bootstrap = bootstrapOf(ctx);
      const backupObjects = backup
        ? renderBackupObjects(ctx, backup, backups, urls(ctx).storefront ?? '')
        : [];
      return [
        ...foundationStages(ctx, {
          apps: definition.apps,
          secretName: definition.secret.name,
          networkPolicies: [
            ...renderStoreNetwork(
              ctx,
              definition.apps.policy,
              networkWithBackups(ctx, definition.network, backup, backups),
              resolved.ingressControllerNamespace,
            ),
            ...(backup
              ? renderBackupTargetEgress(ctx, definition.apps.policy, {
                  backup: backups,
                  bootstrap: bootstrap.app,
                })
              : []),
          ],
        }),
        ...Object.entries(definition.workloads).map(
          ([condition, render]): StoreStage => ({
            condition,
            objects: render(ctx),
          }),
        ),
        {
          condition: 'IngressReady',
          objects: [
            renderStoreIngress(ctx, {
              name: ingress.name,
              app: ingress.app,
              paths: [
                { path: '/', service: ingress.service, port: ingress.port },
              ],
            }),
          ],
        },
        {
          condition: 'BootstrapComplete',
          objects: [
            renderBootstrapJob(
              ctx,
              bootstrap,
              resolved.bootstrapPodLabels(ctx.store),
            ),
          ],
        },
        ...(backupObjects.length > 0
          ? [{ condition: BACKUP_CONDITION, objects: backupObjects }]
          : []),
      ];
    },
    judge: (observed, desired) =>
      // The backup claim binds at the first backup where the class waits
      // for a consumer: it does not hold the store back.
      observed.kind === 'PersistentVolumeClaim' &&
      desired.metadata.labels?.['app.kubernetes.io/component'] ===
        BACKUP_COMPONENT
        ? { state: 'ready' }
        : judgeStoreObject(observed, desired),
    urls,
    backups: backup ? { restorable: Boolean(backup.restore) } : undefined,
    adminCredentials: adminCredentialsOf(definition, resolved, urls),
  };
}

function adminCredentialsOf(
  definition: StoreEngineDefinition,
  resolved: Required<StoreEngineOptions>,
  urls: (ctx: EngineRenderContext) => StoreUrls,
): AdminAccount | undefined {
  const admin = definition.adminCredentials;
  if (!admin) {
    return undefined;
  }
  const passwordKey = definition.secret.keys[admin.passwordKey];
  if (!passwordKey) {
    throw new Error(
      `Engine ${definition.id}: the admin password's key "${admin.passwordKey}" is not one of its Secret's keys`,
    );
  }
  const { rotation } = admin;
  return {
    userName: admin.userName,
    passwordKey,
    rotationJob: rotation
      ? (ctx, newPassword) =>
          renderAdminPasswordJob(
            ctx,
            rotation(ctx, urls(ctx)),
            newPassword,
            resolved.rotationPodLabels(ctx.store),
          )
      : undefined,
  };
}

/** An engine module's factory: `create(options)` as the module registers it. */
export function defineStoreEngine(definition: StoreEngineDefinition) {
  return {
    create(options: StoreEngineOptions = {}): StoreEngine {
      return createStoreEngine(definition, options);
    },
  };
}

import { ConflictError } from '@backstage/errors';
import {
  STORE_ID_LABEL,
  type Store,
  type StoreBackup,
  type StoreBackupList,
} from '@internal/plugin-stores-common';
import {
  BACKUP_COMPONENT,
  BACKUP_CRONJOB_NAME,
  DEFAULT_BACKUP_PLAN,
  MANUAL_INSTANTIATE_ANNOTATION,
} from '@internal/plugin-stores-node';
import { isAlreadyExists } from '../kubernetes/errors';
import type {
  KubeObject,
  KubernetesClient,
} from '../kubernetes/KubernetesClient';
import { ownershipOf, withOwnerLabels } from '../kubernetes/ownership';
import type { StoresConfig } from '../types';
import { backupFromJob, backupsFromJobs } from './backupJobs';
import type { StoreBackupsAdmin } from './types';

/** Who asked for an on-demand backup (an entity ref), on its Job. */
export const REQUESTED_BY_ANNOTATION = 'stores.backstage.io/requested-by';

type CronJob = KubeObject & {
  spec?: {
    jobTemplate?: {
      metadata?: {
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
      };
      spec?: Record<string, unknown>;
    };
  };
};

/**
 * A store's backups are the Jobs of its backup CronJob (which the
 * reconciler renders through the store's engine), found by the store's id
 * and the backup component's label in its namespace; their pods' termination
 * messages give size and failure. An on-demand backup is a Job made from
 * the CronJob's template, owned by the CronJob (so its history limit, the
 * plan's retention, applies to it as well), as `kubectl create job
 * --from=cronjob` makes it.
 */
export class ClusterStoreBackups implements StoreBackupsAdmin {
  readonly #client: KubernetesClient;
  readonly #config: Pick<StoresConfig, 'plans' | 'settings' | 'instanceId'>;
  readonly #now: () => Date;

  static create(options: {
    client: KubernetesClient;
    config: Pick<StoresConfig, 'plans' | 'settings' | 'instanceId'>;
    now?: () => Date;
  }) {
    return new ClusterStoreBackups(options);
  }

  private constructor(
    options: Parameters<typeof ClusterStoreBackups.create>[0],
  ) {
    this.#client = options.client;
    this.#config = options.config;
    this.#now = options.now ?? (() => new Date());
  }

  async list(store: Store): Promise<StoreBackupList> {
    const target = this.#target();
    const plan = this.#config.plans[store.plan]?.backup ?? DEFAULT_BACKUP_PLAN;
    return {
      items: await this.#backups(store),
      schedule: plan.schedule,
      retention: plan.retention,
      target: target.type,
    };
  }

  async get(store: Store, name: string): Promise<StoreBackup | undefined> {
    return (await this.#backups(store)).find(b => b.name === name);
  }

  async start(store: Store, actor: string): Promise<StoreBackup> {
    this.#target();
    const cronJob = (await this.#client.read({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: BACKUP_CRONJOB_NAME, namespace: store.namespace },
    })) as CronJob | undefined;
    const owner = { storeId: store.id, instanceId: this.#config.instanceId };
    if (!cronJob || ownershipOf(cronJob, owner) === 'foreign') {
      throw new ConflictError(
        `Store "${store.name}" has no backup CronJob yet; its provisioning puts it in place`,
      );
    }
    const running = (await this.#backups(store)).find(
      b => b.state === 'running',
    );
    if (running) {
      throw new ConflictError(
        `A backup of store "${store.name}" is running (${running.name}); start another when it has finished`,
      );
    }
    const template = cronJob.spec?.jobTemplate ?? {};
    const job: KubeObject = withOwnerLabels(
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: manualJobName(this.#now()),
          namespace: store.namespace,
          labels: { ...template.metadata?.labels },
          annotations: {
            ...template.metadata?.annotations,
            [MANUAL_INSTANTIATE_ANNOTATION]: 'manual',
            [REQUESTED_BY_ANNOTATION]: actor,
          },
          ownerReferences: [
            {
              apiVersion: 'batch/v1',
              kind: 'CronJob',
              name: cronJob.metadata.name,
              uid: cronJob.metadata.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: template.spec,
      },
      owner,
    );
    try {
      return backupFromJob(await this.#client.create(job), []);
    } catch (error) {
      if (isAlreadyExists(error)) {
        throw new ConflictError(
          `A backup of store "${store.name}" was started this very second; try again`,
        );
      }
      throw error;
    }
  }

  /** The configured target; 409 when backups are not configured. */
  #target() {
    const backups = this.#config.settings.backups;
    if (!backups) {
      throw new ConflictError(
        'Backups are not configured in this portal (stores.backups.enabled)',
      );
    }
    return backups.target;
  }

  async #backups(store: Store): Promise<StoreBackup[]> {
    const selector = {
      namespace: store.namespace,
      labelSelector: `${STORE_ID_LABEL}=${store.id},app.kubernetes.io/component=${BACKUP_COMPONENT}`,
    };
    const [jobs, pods] = await Promise.all([
      this.#client.list({ apiVersion: 'batch/v1', kind: 'Job', ...selector }),
      this.#client.list({ apiVersion: 'v1', kind: 'Pod', ...selector }),
    ]);
    return backupsFromJobs(jobs.items, pods.items);
  }
}

/**
 * `store-backup-<minutes since the epoch>-manual<seconds>`: the CronJob
 * controller names its Jobs `store-backup-<scheduled minute>`, so the backup
 * steps' retention (newest by that number) orders both kinds together.
 */
export function manualJobName(now: Date): string {
  const minutes = Math.floor(now.getTime() / 60_000);
  const seconds = String(now.getUTCSeconds()).padStart(2, '0');
  return `${BACKUP_CRONJOB_NAME}-${minutes}-manual${seconds}`;
}

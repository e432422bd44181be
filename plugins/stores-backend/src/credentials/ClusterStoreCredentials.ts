import { randomBytes } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { Store } from '@internal/plugin-stores-common';
import type {
  AdminAccount,
  EngineRenderContext,
  SecretKeyRef,
  StoreEngine,
} from '@internal/plugin-stores-node';
import type { StoresDatabase } from '../database/StoresDatabase';
import { isAlreadyExists } from '../kubernetes/errors';
import type {
  KubeObject,
  KubernetesClient,
} from '../kubernetes/KubernetesClient';
import { ownershipOf, withOwnerLabels } from '../kubernetes/ownership';
import type { StoresConfig } from '../types';
import { followRotation, rotationState } from './rotationJob';
import type {
  AdminCredentialsAnswer,
  RotationStarted,
  StoreCredentialsAdmin,
} from './types';

/** Where one store's admin credentials are, resolved from its engine. */
interface AdminOf {
  admin: AdminAccount;
  ctx: EngineRenderContext;
  secret: { name: string; namespace: string };
  owner: { storeId: string; instanceId: string };
}

/**
 * Admin credentials read from, and rotated into, the engine's generated
 * Secret with the backend's own Kubernetes client (the chart's
 * ServiceAccount may get and patch that Secret by name only, and the
 * rotation's temporary Secret likewise).
 *
 * Rotation: a new random password goes into a temporary Secret
 * (`<generated>-rotation`), the engine's rotation Job reads it from there
 * and sets it in the application; only once the Job has succeeded is it
 * written to the generated Secret. A failed Job leaves the old password,
 * with a Warning event saying why. Job and temporary Secret are deleted
 * afterwards. A rotation interrupted by a restart is finished (or cleared)
 * by the next rotate request.
 */
export class ClusterStoreCredentials implements StoreCredentialsAdmin {
  readonly #client: KubernetesClient;
  readonly #engines: Map<string, StoreEngine>;
  readonly #config: Pick<StoresConfig, 'plans' | 'settings' | 'instanceId'>;
  readonly #database: Pick<StoresDatabase, 'appendEvent'>;
  readonly #logger: LoggerService;
  readonly #pollIntervalMs: number;
  /** Stores whose rotation this process follows. */
  readonly #running = new Set<string>();

  static create(options: {
    client: KubernetesClient;
    engines: Map<string, StoreEngine>;
    config: Pick<StoresConfig, 'plans' | 'settings' | 'instanceId'>;
    database: Pick<StoresDatabase, 'appendEvent'>;
    logger: LoggerService;
    /** How often a running rotation Job is looked at. Default 1000 ms. */
    pollIntervalMs?: number;
  }) {
    return new ClusterStoreCredentials(options);
  }

  private constructor(
    options: Parameters<typeof ClusterStoreCredentials.create>[0],
  ) {
    this.#client = options.client;
    this.#engines = options.engines;
    this.#config = options.config;
    this.#database = options.database;
    this.#logger = options.logger;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  async read(store: Store): Promise<AdminCredentialsAnswer> {
    const of = this.#adminOf(store);
    const encoded = await this.#readKey(store, of, of.secret.name);
    return {
      username: of.admin.userName(of.ctx),
      password: Buffer.from(encoded, 'base64').toString('utf8'),
    };
  }

  async rotate(store: Store, actor: string): Promise<RotationStarted> {
    if (store.phase !== 'ready') {
      throw new ConflictError(
        `Only a ready store's admin password can be rotated; store "${store.name}" is ${store.phase}`,
      );
    }
    const of = this.#adminOf(store);
    const { rotationJob } = of.admin;
    if (!rotationJob) {
      throw new ConflictError(
        `The ${store.engine} engine cannot rotate its admin password`,
      );
    }
    if (this.#running.has(store.id)) {
      throw alreadyRunning(store);
    }
    this.#running.add(store.id);
    try {
      // The Secret is there and ours before anything is written.
      await this.#readKey(store, of, of.secret.name);
      const temp: SecretKeyRef = {
        name: `${of.secret.name}-rotation`,
        key: of.admin.passwordKey,
      };
      const job = withOwnerLabels(
        rotationJob(of.ctx, temp) as KubeObject,
        of.owner,
      );
      await this.#settleLeftover(store, of, job, temp);
      const password = Buffer.from(
        randomBytes(24).toString('base64url'),
      ).toString('base64');
      await this.#client.create(
        withOwnerLabels(
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: {
              name: temp.name,
              namespace: of.secret.namespace,
              labels: job.metadata.labels,
            },
            type: 'Opaque',
            data: { [temp.key]: password },
          },
          of.owner,
        ),
      );
      try {
        await this.#client.create(job);
      } catch (error) {
        await this.#deleteTemp(of, temp);
        throw isAlreadyExists(error) ? alreadyRunning(store) : error;
      }
      this.#logger.info('Admin password rotation started', {
        storeId: store.id,
        job: job.metadata.name,
        actor,
      });
      const finished = followRotation({
        client: this.#client,
        database: this.#database,
        logger: this.#logger,
        pollIntervalMs: this.#pollIntervalMs,
        store,
        job,
        secret: of.secret,
        temp,
        password,
        actor,
      }).finally(() => this.#running.delete(store.id));
      return { job: job.metadata.name, finished };
    } catch (error) {
      this.#running.delete(store.id);
      throw error;
    }
  }

  #adminOf(store: Store): AdminOf {
    const engine = this.#engines.get(store.engine);
    const plan = this.#config.plans[store.plan];
    if (!engine || !plan) {
      throw new ConflictError(
        `Store "${store.name}" has an engine or plan this portal does not know (${store.engine}, ${store.plan})`,
      );
    }
    const admin = engine.adminCredentials;
    if (!admin) {
      throw new ConflictError(
        `The ${store.engine} engine has no admin user to hand out`,
      );
    }
    const ctx: EngineRenderContext = {
      store,
      namespace: store.namespace,
      plan,
      settings: this.#config.settings,
    };
    return {
      admin,
      ctx,
      secret: { name: engine.secret(ctx).name, namespace: store.namespace },
      owner: { storeId: store.id, instanceId: this.#config.instanceId },
    };
  }

  /** The base64 value of the admin password's key in Secret `name`, if it is this store's. */
  async #readKey(store: Store, of: AdminOf, name: string): Promise<string> {
    const live = await this.#client.read({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: of.secret.namespace },
    });
    if (!live) {
      throw new ConflictError(
        ['pending', 'provisioning'].includes(store.phase)
          ? `Store "${store.name}" has no credentials yet: it is ${store.phase}; try again once it is ready`
          : `The credentials of store "${store.name}" are gone (Secret ${name} in ${of.secret.namespace} does not exist)`,
      );
    }
    if (ownershipOf(live, of.owner) === 'foreign') {
      throw new ConflictError(
        `Secret ${name} in ${of.secret.namespace} does not belong to store "${store.name}"`,
      );
    }
    const encoded = (live.data as Record<string, string> | undefined)?.[
      of.admin.passwordKey
    ];
    if (!encoded) {
      throw new ConflictError(
        `Secret ${name} of store "${store.name}" has no ${of.admin.passwordKey}`,
      );
    }
    return encoded;
  }

  /**
   * A rotation Job left by another replica or by a restart: still running,
   * 409; succeeded with its temporary Secret still there, the password it set
   * is saved now; anything else is cleared before a new rotation starts.
   */
  async #settleLeftover(
    store: Store,
    of: AdminOf,
    job: KubeObject,
    temp: SecretKeyRef,
  ): Promise<void> {
    const leftover = await this.#client.read(job);
    if (leftover) {
      const state = rotationState(leftover);
      if (state.state === 'running') {
        throw alreadyRunning(store);
      }
      if (state.state === 'succeeded') {
        const saved = await this.#readKey(store, of, temp.name).catch(
          () => undefined,
        );
        if (saved) {
          await this.#client.apply(passwordPatch(of, saved));
          await this.#database.appendEvent(store.id, {
            type: 'Normal',
            reason: 'CredentialsRotated',
            message: `Saved the admin password set by an earlier rotation Job ${job.metadata.name}, which finished while no backend followed it`,
          });
        }
      }
      await this.#client.delete(leftover, 'Background');
    }
    await this.#deleteTemp(of, temp);
  }

  async #deleteTemp(of: AdminOf, temp: SecretKeyRef): Promise<void> {
    await this.#client.delete({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: temp.name, namespace: of.secret.namespace },
    });
  }
}

/** The generated Secret's admin password key set to `encoded` (server-side apply of that key only). */
export function passwordPatch(
  of: Pick<AdminOf, 'secret' | 'admin'>,
  encoded: string,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: of.secret.name, namespace: of.secret.namespace },
    data: { [of.admin.passwordKey]: encoded },
  };
}

function alreadyRunning(store: Store) {
  return new ConflictError(
    `The admin password of store "${store.name}" is being rotated already; wait for it to finish`,
  );
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  STORE_ID_LABEL,
  STORE_INSTANCE_LABEL,
  STORE_OWNER_ANNOTATION,
  STORE_SLUG_LABEL,
  type Store,
} from '@internal/plugin-stores-common';
import type { StoreEngine } from '@internal/plugin-stores-node';
import type { StoresDatabase } from '../database/StoresDatabase';
import type {
  KubeObject,
  KubernetesClient,
} from '../kubernetes/KubernetesClient';
import type { ManagedObjectCache } from '../kubernetes/ManagedObjectCache';
import type { StoresConfig } from '../types';
import { readStoreRecord } from './storeRecord';

/** A managed namespace of this portal instance whose store the database does not know. */
export interface OrphanNamespace {
  namespace: string;
  /** The store id and slug its labels name. */
  storeId: string;
  slug?: string;
  owner?: string;
  /** When this replica first saw it orphaned (ISO). */
  orphanSince: string;
}

export interface OrphanReport {
  /** When the last scan ran (ISO); undefined before the first. */
  scannedAt?: string;
  orphans: OrphanNamespace[];
  /** What the last scans deleted (namespace names), newest last; at most 100. */
  deleted: string[];
  /** Why the last scan deleted nothing it could have (e.g. no live store at all). */
  heldBack?: string;
}

/** What the admin route needs of the orphan scanner. */
export interface OrphanAdmin {
  report(): OrphanReport;
  /** Re-creates the orphans' store rows (see OrphanNamespaces.restore). */
  restore(restoredBy: string): Promise<RestoreResult>;
}

export interface RestoreResult {
  restored: Store[];
  skipped: Array<{ namespace: string; reason: string }>;
}

/**
 * Orphans: store namespaces of this portal instance (managed-by label and
 * `stores.backstage.io/instance` = `stores.instanceId`) whose store id has
 * no live row, e.g. after the portal lost its database. Found from the
 * watch cache (no extra request) on every scan; reported in the log when
 * the set changes, counted in the readiness answer and listed on the
 * admin route. With `stores.reconciler.orphans: delete` each one that has
 * stayed an orphan for the grace period is deleted, at most
 * `orphanDeleteLimit` per scan, and never while the database holds no live
 * store at all (an empty database is far likelier a mistake than a wish to
 * delete every store). The grace period is measured by this replica from
 * when it first saw the orphan, so a restart starts it again.
 *
 * The reverse repair, {@link OrphanNamespaces.restore}, re-creates the
 * missing rows from the namespaces' labels and record annotation.
 */
export class OrphanNamespaces {
  readonly #config: StoresConfig;
  readonly #database: StoresDatabase;
  readonly #cache: ManagedObjectCache;
  readonly #client: KubernetesClient;
  readonly #logger: LoggerService;
  readonly #engines: Map<string, StoreEngine>;
  readonly #now: () => number;
  /** Orphans by namespace uid: since when. */
  readonly #since = new Map<string, number>();
  /** Uids this scanner deleted: skipped until the cache shows them terminating. */
  readonly #deletedUids = new Set<string>();
  #report: OrphanReport = { orphans: [], deleted: [] };
  #reported = '';

  static create(options: {
    config: StoresConfig;
    database: StoresDatabase;
    cache: ManagedObjectCache;
    client: KubernetesClient;
    logger: LoggerService;
    engines: Map<string, StoreEngine>;
    /** Clock for the grace period, for tests. */
    now?: () => number;
  }): OrphanNamespaces {
    return new OrphanNamespaces(options);
  }

  private constructor(options: Parameters<typeof OrphanNamespaces.create>[0]) {
    this.#config = options.config;
    this.#database = options.database;
    this.#cache = options.cache;
    this.#client = options.client;
    this.#logger = options.logger;
    this.#engines = options.engines;
    this.#now = options.now ?? Date.now;
  }

  /** The last scan's findings. */
  report(): OrphanReport {
    return this.#report;
  }

  /** Finds the orphans now; deletes the overdue ones when configured. */
  async scan(): Promise<OrphanReport> {
    if (!this.#cache.isSynced()) {
      return this.#report; // an unfilled cache would make every store look orphaned
    }
    const live = new Set(await this.#database.listLiveStoreIds());
    const now = this.#now();
    const present = new Set(
      this.#cache.list('v1', 'Namespace').map(ns => ns.metadata.uid),
    );
    for (const uid of [...this.#deletedUids]) {
      if (!present.has(uid)) this.#deletedUids.delete(uid);
    }
    const found = this.#candidates().filter(
      ns => !live.has(ns.metadata.labels![STORE_ID_LABEL]),
    );
    const uids = new Set(found.map(ns => ns.metadata.uid!));
    for (const uid of [...this.#since.keys()]) {
      if (!uids.has(uid)) this.#since.delete(uid);
    }
    for (const uid of uids) {
      if (!this.#since.has(uid)) this.#since.set(uid, now);
    }
    const orphans = found.map(ns =>
      describe(ns, this.#since.get(ns.metadata.uid!)!),
    );
    const { deleted, heldBack } = await this.#deleteOverdue(
      found,
      live.size,
      now,
    );
    this.#report = {
      scannedAt: new Date(now).toISOString(),
      orphans: orphans.filter(o => !deleted.includes(o.namespace)),
      deleted: [...this.#report.deleted, ...deleted].slice(-100),
      heldBack,
    };
    this.#log();
    return this.#report;
  }

  /**
   * Re-creates the store rows of the current orphans from their labels
   * (id, slug, owner) and record annotation (display name, engine, plan,
   * options, creator); without a record, the only engine installed and the
   * default plan. The restored stores are reconciled at once by the caller.
   */
  async restore(restoredBy: string): Promise<RestoreResult> {
    const result: RestoreResult = { restored: [], skipped: [] };
    if (!this.#cache.isSynced()) {
      result.skipped.push({
        namespace: '*',
        reason: 'the watch cache is not filled yet; try again',
      });
      return result;
    }
    const live = new Set(await this.#database.listLiveStoreIds());
    for (const ns of this.#candidates()) {
      const labels = ns.metadata.labels!;
      const id = labels[STORE_ID_LABEL];
      if (live.has(id)) continue;
      const namespace = ns.metadata.name;
      const record = readStoreRecord(ns);
      const owner = ns.metadata.annotations?.[STORE_OWNER_ANNOTATION];
      const name = labels[STORE_SLUG_LABEL];
      const engine = record.engine ?? this.#onlyEngine();
      const skip = (reason: string) =>
        result.skipped.push({ namespace, reason });
      if (!owner || !name) {
        skip('no owner annotation or slug label');
        continue;
      }
      if (!engine || !this.#engines.has(engine)) {
        skip(`engine ${engine ?? '(not recorded)'} is not installed`);
        continue;
      }
      const plan =
        record.plan && this.#config.plans[record.plan]
          ? record.plan
          : this.#config.defaultPlan;
      const store = await this.#database.restoreStore({
        id,
        name,
        namespace,
        owner,
        engine,
        plan,
        displayName: record.displayName,
        description: record.description,
        options: record.options,
        createdBy: record.createdBy ?? restoredBy,
        createdAt: record.createdAt,
        restoredFrom: record.restoredFrom,
        restoredBy,
      });
      if (store) {
        result.restored.push(store);
        this.#logger.warn(
          `Restored the row of store ${name} from namespace ${namespace}`,
          {
            storeId: id,
          },
        );
      } else {
        skip('its store was deleted, or another live store has its name');
      }
    }
    return result;
  }

  /** Managed namespaces of this instance, not being deleted, with a store id. */
  #candidates(): KubeObject[] {
    return this.#cache
      .list('v1', 'Namespace')
      .filter(
        ns =>
          ns.metadata.labels?.[STORE_INSTANCE_LABEL] ===
            this.#config.instanceId &&
          ns.metadata.labels?.[STORE_ID_LABEL] &&
          ns.metadata.uid &&
          !this.#deletedUids.has(ns.metadata.uid) &&
          !ns.metadata.deletionTimestamp,
      );
  }

  async #deleteOverdue(
    found: KubeObject[],
    liveStores: number,
    now: number,
  ): Promise<{ deleted: string[]; heldBack?: string }> {
    const { orphans, orphanGracePeriodSeconds, orphanDeleteLimit } =
      this.#config.reconciler;
    if (orphans !== 'delete') {
      return { deleted: [] };
    }
    const overdue = found.filter(
      ns =>
        now - this.#since.get(ns.metadata.uid!)! >=
        orphanGracePeriodSeconds * 1000,
    );
    if (overdue.length === 0) {
      return { deleted: [] };
    }
    if (liveStores === 0) {
      return {
        deleted: [],
        heldBack: `${overdue.length} orphaned namespace(s) not deleted: the database holds no live store at all (a new or wrong database?)`,
      };
    }
    const deleted: string[] = [];
    for (const ns of overdue.slice(0, orphanDeleteLimit)) {
      const storeId = ns.metadata.labels![STORE_ID_LABEL];
      // A restore may have brought the row back since the scan began.
      if (await this.#database.getStore(storeId)) continue;
      await this.#client.delete(
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: ns.metadata.name },
        },
        'Background',
      );
      deleted.push(ns.metadata.name);
      this.#deletedUids.add(ns.metadata.uid!);
      this.#logger.warn(
        `Deleted orphaned namespace ${ns.metadata.name}: its store ${storeId} is unknown to the database`,
        { storeId },
      );
    }
    const left = overdue.length - deleted.length;
    return {
      deleted,
      heldBack:
        left > 0 && overdue.length > orphanDeleteLimit
          ? `${left} more orphaned namespace(s) wait for the next scan (orphanDeleteLimit ${orphanDeleteLimit})`
          : undefined,
    };
  }

  #onlyEngine(): string | undefined {
    return this.#engines.size === 1 ? [...this.#engines.keys()][0] : undefined;
  }

  /** One log line whenever the set of orphans changes, not on every scan. */
  #log() {
    const names = this.#report.orphans.map(o => o.namespace).sort();
    const key = names.join(',');
    if (key === this.#reported) return;
    this.#reported = key;
    if (names.length === 0) {
      this.#logger.info('No orphaned store namespaces');
      return;
    }
    this.#logger.warn(
      `${names.length} orphaned store namespace(s) of instance ${
        this.#config.instanceId
      }: their store is unknown to the database (GET /orphans lists them; POST /orphans/restore re-creates their rows)`,
      { namespaces: names.join(', '), mode: this.#config.reconciler.orphans },
    );
    if (this.#report.heldBack) {
      this.#logger.warn(this.#report.heldBack);
    }
  }
}

function describe(ns: KubeObject, since: number): OrphanNamespace {
  const labels = ns.metadata.labels ?? {};
  return {
    namespace: ns.metadata.name,
    storeId: labels[STORE_ID_LABEL],
    slug: labels[STORE_SLUG_LABEL],
    owner: ns.metadata.annotations?.[STORE_OWNER_ANNOTATION],
    orphanSince: new Date(since).toISOString(),
  };
}

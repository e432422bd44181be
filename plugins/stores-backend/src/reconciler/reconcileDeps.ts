import type { LoggerService } from '@backstage/backend-plugin-api';
import type { StoreEngine } from '@internal/plugin-stores-node';
import type { StoresDatabase } from '../database/StoresDatabase';
import type { KubernetesClient } from '../kubernetes/KubernetesClient';
import type { RolloutGate } from '../rollout/RolloutGate';
import type { ManagedObjectCache } from '../kubernetes/ManagedObjectCache';
import type { WatchedSecret } from '../kubernetes/WatchedSecret';
import type { StoreChangeNotifier, StoresConfig } from '../types';
import type { RecentlyApplied } from './RecentlyApplied';
import type { RecentlyDeleted } from './RecentlyDeleted';

/** What every reconcile helper works with; built once by the Reconciler. */
export interface ReconcileDeps {
  config: StoresConfig;
  database: StoresDatabase;
  engines: Map<string, StoreEngine>;
  notifier: StoreChangeNotifier;
  logger: LoggerService;
  client: KubernetesClient;
  /** Live objects, from the watches: reads never go to the API server. */
  cache: ManagedObjectCache;
  /** Lease holder name of this process. */
  holder: string;
  recentlyDeleted: RecentlyDeleted;
  /** Objects just written, until the watch shows them (see RecentlyApplied). */
  recentlyApplied: RecentlyApplied;
  /** The TLS Secret copied into every store namespace, when configured. */
  tlsSource?: WatchedSecret;
  /** Holds engine/config changes of established stores to a gradual rollout. */
  rollout?: RolloutGate;
}

/** A request the API server rejects as invalid: a bug or a bad config, not transient. */
export class PermanentFailure extends Error {
  constructor(readonly reason: string, message: string) {
    super(message);
  }
}

import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AdminCredentials,
  CredentialsRotation,
  CreateStoreRequest,
  ListStoresQuery,
  RolloutStatus,
  PhaseCountsQuery,
  Store,
  StoreBackup,
  StoreBackupList,
  UpdateStoreRequest,
  StoreEventList,
  StoreList,
  StorePhaseCounts,
  StoreQuotaUsage,
} from '@internal/plugin-stores-common';

/** Query of one page of a store's events. */
export interface ListStoreEventsQuery {
  limit?: number;
  cursor?: string;
}

/**
 * The stores backend's REST API as the frontend uses it. Every call runs as
 * the signed-in user, so the backend's permission checks apply.
 *
 * @public
 */
export interface StoresApi {
  listStores(query?: ListStoresQuery): Promise<StoreList>;
  getStore(id: string): Promise<Store>;
  /** Starts the deletion; the store passes through `deleting` before it is gone. */
  deleteStore(id: string): Promise<Store>;
  /** Changes display name, description or plan (a plan change is applied in the background). */
  updateStore(id: string, request: UpdateStoreRequest): Promise<Store>;
  /** Re-runs provisioning of a failed store. */
  retryStore(id: string): Promise<Store>;
  /** Scales a ready or degraded store to zero, keeping its data. */
  suspendStore(id: string): Promise<Store>;
  /** Brings a suspended store back (through provisioning to ready). */
  resumeStore(id: string): Promise<Store>;
  /** How many stores the user may see are in each phase, under the list's owner and text filters. */
  countStoresByPhase(query?: PhaseCountsQuery): Promise<StorePhaseCounts>;
  /** What each of these stores uses of its plan's quota (those that have a quota). */
  getQuotaUsage(storeIds: string[]): Promise<StoreQuotaUsage[]>;
  /** The store's admin user name and password (audited; answered no-store). */
  getStoreCredentials(id: string): Promise<AdminCredentials>;
  /** Starts a rotation of the store's admin password; its end is a store event. */
  rotateStoreCredentials(id: string): Promise<CredentialsRotation>;
  listStoreEvents(
    id: string,
    query?: ListStoreEventsQuery,
  ): Promise<StoreEventList>;
  /**
   * Asks the backend whether it would create this store (`?dryRun=true`):
   * resolves when it would, throws its refusal (a `ResponseError`: 409 for a
   * name in use, 400 for a bad request) otherwise. Creates nothing.
   */
  dryRunCreateStore(request: CreateStoreRequest): Promise<void>;
  /** The store's backups, newest first, with its schedule, retention and target kind. */
  listStoreBackups(id: string): Promise<StoreBackupList>;
  /** Starts a backup of the store now (409 while one runs or unless ready or degraded). */
  startStoreBackup(id: string): Promise<StoreBackup>;
  /** The rollout of an engine or config change to the stores (`GET /rollout`). */
  getRollout?(): Promise<RolloutStatus>;
}

/** @public */
export const storesApiRef = createApiRef<StoresApi>({
  id: 'plugin.stores.service',
});

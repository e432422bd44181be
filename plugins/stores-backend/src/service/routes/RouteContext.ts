import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import {
  storeReadPermission,
  type Store,
} from '@internal/plugin-stores-common';
import type { Request as ExpressRequest } from 'express';
import { storeResourceRef } from '../../permissions';
import type { RouterOptions } from '../router';
import type { StoreChange } from '../../types';
import { StoreAuthorizer } from '../StoreAuthorizer';

/** A request on any route; each handler's own is typed from the spec. */
export type Request = ExpressRequest<any, any, any, any>;

/**
 * What every route handler needs besides the router options: the caller's
 * credentials, permission checks, auditing and the change announcement.
 * Built once per router by {@link createRouteContext}.
 */
export interface RouteContext {
  options: RouterOptions;
  logger: LoggerService;
  authorizer: StoreAuthorizer;
  /** Users and services only; anonymous requests get 401. */
  credentialsOf(req: Request): Promise<BackstageCredentials>;
  /**
   * Runs one store mutation as one audit event: `success` with the meta the
   * mutation returns, or `fail` with its error, which is rethrown.
   */
  audited<T>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    mutate: () => Promise<{ result: T; meta?: JsonObject }>,
  ): Promise<T>;
  /** 404 unless the store exists and the caller may read it (no existence leak). */
  loadReadable(id: string, credentials: BackstageCredentials): Promise<Store>;
  /** 403 naming the store's owner unless the caller holds `permission` on it. */
  requirePermission(
    permission: ResourcePermission<'store'>,
    verb: string,
    store: Store,
    credentials: BackstageCredentials,
  ): Promise<void>;
  /**
   * Wakes the reconciler for the store and tells listeners it changed (and
   * its owner, when `change` moved the phase to one worth a notification).
   */
  announce(store: Store, change?: StoreChange): Promise<void>;
}

export function createRouteContext(options: RouterOptions): RouteContext {
  const { httpAuth, auditor, database, reconciler, changeNotifier } = options;
  const authorizer = StoreAuthorizer.create({
    permissions: options.permissions,
    ruleset: options.permissionsRegistry.getPermissionRuleset(storeResourceRef),
  });

  return {
    options,
    logger: options.logger,
    authorizer,

    credentialsOf: req =>
      httpAuth.credentials(req, { allow: ['user', 'service'] }),

    async audited(req, eventId, meta, mutate) {
      const audit = await auditor.createEvent({
        eventId,
        severityLevel: 'medium',
        request: req,
        meta,
      });
      try {
        const { result, meta: outcome } = await mutate();
        await audit.success(outcome ? { meta: outcome } : undefined);
        return result;
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    },

    async loadReadable(id, credentials) {
      const store = await database.getStore(id);
      if (
        !store ||
        !(await authorizer.can(storeReadPermission, store, credentials))
      ) {
        throw new NotFoundError(`No store with id ${id}`);
      }
      return store;
    },

    async requirePermission(permission, verb, store, credentials) {
      if (!(await authorizer.can(permission, store, credentials))) {
        throw new NotAllowedError(
          `You are not allowed to ${verb} store "${store.name}"; ask its owner (${store.owner}) or the platform team`,
        );
      }
    },

    async announce(store, change) {
      reconciler.enqueue(store.id);
      await changeNotifier.storeChanged(store, change);
    },
  };
}

import { mockServices } from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
  type BackstageUserPrincipal,
  type LoggerService,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import {
  AuthorizeResult,
  type Permission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  eventsServiceRef,
  type EventParams,
} from '@backstage/plugin-events-node';
import {
  signalsServiceRef,
  type SignalPayload,
} from '@backstage/plugin-signals-node';
import type {
  RenderedObject,
  storeReadPermission,
} from '@internal/plugin-stores-common';
import type { StoreEngine } from '@internal/plugin-stores-node';
import { engineTestModule } from '@internal/plugin-stores-node/testUtils';
import {
  createStoreConditionalDecision,
  storeConditions,
} from '../permissions';

/*
 * Capturing stand-ins for the services the stores plugin talks to, so router
 * tests can look at every log line, signal, event and audit record. The
 * logger and the auditor are mockServices' own mocks; this reads their calls.
 */

export interface LogLine {
  level: string;
  message: string;
  meta: unknown;
}

export interface AuditRecord {
  eventId: string;
  meta?: JsonObject;
  outcome?: 'success' | 'fail';
  error?: string;
}

type LoggerMock = jest.Mocked<LoggerService>;

/** Everything the test backend published, logged or audited. */
export class Captured {
  /** The logger every plugin of the test backend gets. */
  readonly logger = mockServices.logger.mock();
  readonly auditor = mockServices.auditor.mock();
  readonly signals: SignalPayload[] = [];
  readonly events: EventParams[] = [];

  factories() {
    return [
      this.logger.factory,
      this.auditor.factory,
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: SignalPayload<any>) => {
            this.signals.push(signal);
          },
        }),
      }),
      createServiceFactory({
        service: eventsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (params: EventParams) => {
            this.events.push(params);
          },
          subscribe: async () => {},
        }),
      }),
    ];
  }

  /** Every line logged so far, child loggers included. */
  logLines(): LogLine[] {
    return linesOf(this.logger, {});
  }

  /** Each audit event with how it ended, in the order they were created. */
  async audits(): Promise<AuditRecord[]> {
    const { calls, results } = this.auditor.createEvent.mock;
    return Promise.all(
      calls.map(async ([options], i) => {
        const event = (await results[i].value) as {
          success: jest.Mock;
          fail: jest.Mock;
        };
        const record: AuditRecord = {
          eventId: options.eventId,
          meta: options.meta,
        };
        const [success] = event.success.mock.calls;
        const [fail] = event.fail.mock.calls;
        if (success) {
          record.outcome = 'success';
          record.meta = { ...record.meta, ...success[0]?.meta };
        } else if (fail) {
          record.outcome = 'fail';
          record.error = fail[0].error.message;
        }
        return record;
      }),
    );
  }

  /** All of it as one string, for searches. */
  async dump(): Promise<string> {
    return JSON.stringify({
      logs: this.logLines(),
      signals: this.signals,
      events: this.events,
      audits: await this.audits(),
    });
  }
}

function linesOf(logger: LoggerMock, meta: JsonObject): LogLine[] {
  const levels = ['error', 'warn', 'info', 'debug'] as const;
  const own = levels.flatMap(level =>
    logger[level].mock.calls.map(([message, extra]) => ({
      level,
      message,
      // An Error's message and stack would vanish in JSON; keep them searchable.
      meta: {
        ...meta,
        ...(extra instanceof Error
          ? { error: extra.message, stack: extra.stack }
          : extra),
      },
    })),
  );
  const children = logger.child.mock.calls.flatMap(([childMeta], i) =>
    linesOf(logger.child.mock.results[i].value as LoggerMock, {
      ...meta,
      ...childMeta,
    }),
  );
  return [...own, ...children];
}

/** Decides a permission for the current credentials; tests swap it. */
export type TestPolicy = (
  permission: Permission,
  credentials: BackstageCredentials,
) => PolicyDecision;

export const allowAll: TestPolicy = () => ({ result: AuthorizeResult.ALLOW });

/** The user entity ref of a test request's (user) credentials. */
export function callerOf(credentials: BackstageCredentials): string {
  return (credentials.principal as BackstageUserPrincipal).userEntityRef;
}

/**
 * The owner-scoped decision on a store permission: allowed on the stores
 * the caller owns (or one of `alsoOwners` owns), as the shipped policy
 * decides for a user.
 */
export function ownedByCaller(
  permission: Permission,
  credentials: BackstageCredentials,
  alsoOwners: string[] = [],
): PolicyDecision {
  return createStoreConditionalDecision(
    permission as typeof storeReadPermission,
    storeConditions.isStoreOwner({
      owners: [callerOf(credentials), ...alsoOwners],
    }),
  );
}

/**
 * A permissions service that runs a policy in-process, including
 * CONDITIONAL decisions (which the stock mock cannot return).
 */
export function policyPermissionsFactory(getPolicy: () => TestPolicy) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: (): PermissionsService => ({
      authorize: async (requests, options) =>
        requests.map(r => {
          const decision = getPolicy()(r.permission, options!.credentials);
          // authorize() never answers CONDITIONAL; the framework would apply
          // the conditions to the resource. The router only calls it for
          // the basic create permission.
          return {
            result:
              decision.result === AuthorizeResult.ALLOW
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          };
        }),
      authorizeConditional: async (requests, options) =>
        requests.map(r =>
          getPolicy()(r.permission, options!.credentials),
        ) as any,
    }),
  });
}

/** Secret keys the real WooCommerce engine generates. */
export const SECRET_KEYS = [
  'WORDPRESS_DB_PASSWORD',
  'MARIADB_ROOT_PASSWORD',
  'MARIADB_PASSWORD',
  'WORDPRESS_ADMIN_PASSWORD',
  'WORDPRESS_AUTH_KEY',
  'WORDPRESS_SECURE_AUTH_KEY',
  'WORDPRESS_LOGGED_IN_KEY',
  'WORDPRESS_NONCE_KEY',
  'WORDPRESS_AUTH_SALT',
  'WORDPRESS_SECURE_AUTH_SALT',
  'WORDPRESS_LOGGED_IN_SALT',
  'WORDPRESS_NONCE_SALT',
];

/** A value planted in the fake engine's Secret; it must never come out. */
export const PLANTED_SECRET = 'planted-secret-0f9a7c1e2b';

/**
 * A stand-in engine with the WooCommerce engine's shape: a namespace, a
 * Secret holding values (planted, so the tests can search for them) and a
 * workload that references them.
 */
export const fakeEngine: StoreEngine = {
  id: 'woocommerce',
  secret: ({ store }) => ({
    name: `${store.name}-credentials`,
    keys: SECRET_KEYS,
  }),
  stages: ({ store, namespace, plan, settings }) => {
    const secret: RenderedObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `${store.name}-credentials`, namespace },
      stringData: Object.fromEntries(
        SECRET_KEYS.map(key => [key, `${PLANTED_SECRET}-${key}`]),
      ),
      data: { EXTRA: Buffer.from(PLANTED_SECRET).toString('base64') },
    };
    return [
      {
        condition: 'NamespaceReady',
        objects: [
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: namespace },
          },
          {
            apiVersion: 'v1',
            kind: 'ResourceQuota',
            metadata: { name: 'store-quota', namespace },
            spec: { hard: plan.quota },
          },
        ],
      },
      { condition: 'SecretReady', objects: [secret] },
      {
        condition: 'WordPressReady',
        objects: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'wordpress', namespace },
            spec: {
              template: {
                spec: {
                  containers: [
                    {
                      name: 'wordpress',
                      image: settings.images.wordpress,
                      env: [
                        {
                          name: 'WORDPRESS_DB_PASSWORD',
                          valueFrom: {
                            secretKeyRef: {
                              name: `${store.name}-credentials`,
                              key: 'WORDPRESS_DB_PASSWORD',
                            },
                          },
                        },
                      ],
                    },
                  ],
                },
              },
            },
          },
        ],
      },
    ];
  },
  judge: () => ({ state: 'ready' }),
  urls: ({ store, settings }) => ({
    storefront: `${settings.scheme}://${store.name}.${settings.baseDomain}/`,
    admin: `${settings.scheme}://${store.name}.${settings.baseDomain}/wp-admin/`,
  }),
};

/** Adds {@link fakeEngine} through the engine extension point. */
export const fakeEngineModule = engineTestModule(fakeEngine, 'fake-engine');

import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonObject, JsonValue } from '@backstage/types';
import type { Store, StoreCondition } from '@internal/plugin-stores-common';

import { mockStoresService } from '@internal/plugin-stores-test-utils';
import { createStoreCreateAction } from '../actions/createStore';

export { mockStoresService };

/**
 * What each action's tests share: the mocked stores backend, the server's
 * logger and the initiating user's credentials; every mock is reset before
 * each test.
 */
export function actionTestSetup() {
  const stores = mockStoresService();
  const logger = mockServices.logger.mock();
  const credentials = mockCredentials.user('user:default/jane');
  beforeEach(() => jest.resetAllMocks());
  return { stores, logger, credentials };
}

/**
 * {@link actionTestSetup} with `stores:create` built on it, in a portal at
 * http://portal.example.com/ (the base of the links it outputs).
 */
export function createActionTestSetup() {
  const setup = actionTestSetup();
  const config = mockServices.rootConfig({
    data: { app: { baseUrl: 'http://portal.example.com/' } },
  });
  const action = createStoreCreateAction({
    stores: setup.stores,
    config,
    logger: setup.logger,
  });
  return { ...setup, action };
}

export function makeStore(overrides: Partial<Store> = {}): Store {
  const name = overrides.name ?? 'summer-sale';
  return {
    id: '6f1c2a8e-4f0b-4c67-9d3e-0a5b7c9d1e2f',
    name,
    displayName: name,
    engine: 'woocommerce',
    plan: 'small',
    owner: 'group:default/team-a',
    createdBy: 'user:default/mock',
    namespace: `store-${name}`,
    phase: 'pending',
    conditions: [],
    urls: {
      storefront: `http://${name}.stores.localtest.me`,
      admin: `http://${name}.stores.localtest.me/wp-admin/`,
    },
    options: {},
    generation: 1,
    observedGeneration: 0,
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    ...overrides,
  };
}

export function condition(
  type: string,
  status: StoreCondition['status'],
  reason = status === 'True' ? 'Ready' : 'Progressing',
  message = '',
): StoreCondition {
  return {
    type,
    status,
    reason,
    message,
    lastTransitionTime: '2026-11-23T10:00:00.000Z',
  };
}

/** The backend's answer to a user without the permission. */
export function permissionRefusal(message: string): Promise<ResponseError> {
  return backendError(403, 'NotAllowedError', message);
}

/** The error the stores client throws for a non-2xx answer of the backend. */
export async function backendError(
  status: number,
  name: string,
  message: string,
  /** A server-side stack in the body, as the backend sends in development. */
  stack?: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message, ...(stack ? { stack } : {}) },
        request: { method: 'POST', url: '/api/stores/stores' },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );
}

/**
 * Checkpoints kept in a Map, like the scaffolder keeps them in the task's
 * state: a second run with the same map is a retried or recovered task.
 */
export function checkpointMemory() {
  const saved = new Map<string, JsonValue>();
  return {
    saved,
    async checkpoint<T extends JsonValue | void>(opts: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> {
      if (saved.has(opts.key)) {
        return saved.get(opts.key) as T;
      }
      const value = await opts.fn();
      saved.set(opts.key, (value ?? {}) as JsonValue);
      return value;
    },
  };
}

/**
 * createMockActionContext passes through only some fields of its options
 * (input, logger, task, ...); the rest (isDryRun, checkpoint, signal, step,
 * credentials) are set on the context it returns.
 */
export function actionContext<TInput extends JsonObject>(
  input: TInput,
  extra: Partial<ActionContext<TInput, any>> = {},
) {
  const logger = mockServices.logger.mock();
  const { task, ...rest } = extra;
  const ctx = {
    ...createMockActionContext<TInput, any>({
      input,
      logger,
      task: task ?? { id: 'task-1' },
    }),
    ...rest,
  };
  return { ctx, logger, output: ctx.output as jest.Mock };
}

/** All `output` calls of a context as one object. */
export function outputsOf(output: jest.Mock): Record<string, unknown> {
  return Object.fromEntries(output.mock.calls.map(([k, v]) => [k, v]));
}

/** A Node stack with the server's file paths, as a real failure carries. */
export const SERVER_STACK = [
  'Error: Database busy',
  '    at KnexStoresDatabase.create (/work/main/plugins/stores-backend/src/database/KnexStoresDatabase.ts:88:11)',
  '    at async /work/main/node_modules/express/lib/router/layer.js:95:5',
].join('\n');

/**
 * What the scaffolder writes to the task log for a failed step
 * (`String(err.stack)`), from the error the action threw; fails the test
 * when the action did not throw or the line is not one readable line.
 */
export async function taskLogOfFailure(run: Promise<unknown>): Promise<{
  error: Error;
  line: string;
}> {
  const error = await run.then(
    () => {
      throw new Error('expected the action to fail');
    },
    (e: Error) => e,
  );
  const line = String(error.stack);
  expectOneReadableLine(line);
  return { error, line };
}

/** A task log line that is one line, with no call stack and no file path. */
function expectOneReadableLine(line: string) {
  expect(line).not.toContain('\n');
  expect(line).not.toMatch(/\bat \S+ \(|\bat async\b/);
  expect(line).not.toMatch(/\/(work|home|usr|src|node_modules)\//);
  expect(line).not.toMatch(/\.(ts|js):\d+/);
}

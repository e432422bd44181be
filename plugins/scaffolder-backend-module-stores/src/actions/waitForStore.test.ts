import { NotAllowedError } from '@backstage/errors';
import {
  actionContext,
  actionTestSetup,
  backendError,
  condition,
  makeStore,
  outputsOf,
  permissionRefusal,
  taskLogOfFailure,
} from '../__testUtils__/stores';
import { createStoreWaitAction } from './waitForStore';

// The module object the action imports its sleep from (not a namespace copy).
const timersPromises = jest.requireActual<
  typeof import('node:timers/promises')
>('node:timers/promises');

const storeId = makeStore().id;
// Short intervals keep the polling loop quick; no assertion depends on time.
const fast = { intervalSeconds: 0.005 };

describe('stores:wait', () => {
  const { stores, logger: serverLogger, credentials } = actionTestSetup();
  const action = createStoreWaitAction({ stores, logger: serverLogger });

  it('waits until ready, logging each condition change once, as the initiating user', async () => {
    const provisioning = makeStore({
      phase: 'provisioning',
      conditions: [
        condition('NamespaceReady', 'True'),
        condition(
          'DatabaseReady',
          'False',
          'Progressing',
          '0/1 replicas ready',
        ),
      ],
    });
    stores.getStore
      .mockResolvedValueOnce(makeStore({ phase: 'pending' }))
      .mockResolvedValueOnce(provisioning)
      .mockResolvedValueOnce(provisioning)
      .mockResolvedValueOnce(
        makeStore({
          phase: 'ready',
          conditions: [
            condition('NamespaceReady', 'True'),
            condition('DatabaseReady', 'True'),
          ],
        }),
      );
    const { ctx, logger, output } = actionContext(
      { storeId, ...fast },
      { getInitiatorCredentials: async () => credentials },
    );

    await action.handler(ctx);

    expect(stores.getStore).toHaveBeenCalledTimes(4);
    expect(stores.getStore).toHaveBeenCalledWith(storeId, { credentials });
    const lines = logger.info.mock.calls.map(([message]) => message);
    expect(lines).toEqual([
      'Store "summer-sale" is pending',
      'Store "summer-sale" is provisioning (1/2 conditions met)',
      'NamespaceReady: True (Ready)',
      'DatabaseReady: False (Progressing) - 0/1 replicas ready',
      'Store "summer-sale" is ready (2/2 conditions met)',
      'DatabaseReady: True (Ready)',
      'Store "summer-sale" is ready',
    ]);
    expect(outputsOf(output)).toEqual({
      phase: 'ready',
      storefrontUrl: 'http://summer-sale.stores.localtest.me',
      adminUrl: 'http://summer-sale.stores.localtest.me/wp-admin/',
    });
  });

  it("fails the task with the store's failure reason", async () => {
    stores.getStore
      .mockResolvedValueOnce(makeStore({ phase: 'provisioning' }))
      .mockResolvedValueOnce(
        makeStore({
          phase: 'failed',
          failureReason:
            'Bootstrap job failed: WooCommerce could not be activated',
          conditions: [
            condition('BootstrapComplete', 'False', 'JobFailed', 'exit code 1'),
          ],
        }),
      );
    const { ctx, logger } = actionContext({ storeId, ...fast });

    await expect(action.handler(ctx)).rejects.toThrow(
      'Store "summer-sale" failed: Bootstrap job failed: WooCommerce could not be activated',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'BootstrapComplete: False (JobFailed) - exit code 1',
    );
    expect(stores.getStore).toHaveBeenCalledTimes(2);
  });

  it('waits through a degraded store until it recovers, with a warning', async () => {
    const degraded = makeStore({
      phase: 'degraded',
      failureReason: 'Progressing: Deployment wordpress: 0/1 replicas ready',
      conditions: [
        condition('NamespaceReady', 'True'),
        condition(
          'WordPressReady',
          'False',
          'Progressing',
          'Deployment wordpress: 0/1 replicas ready',
        ),
      ],
    });
    stores.getStore
      .mockResolvedValueOnce(degraded)
      .mockResolvedValueOnce(degraded)
      .mockResolvedValueOnce(
        makeStore({
          phase: 'ready',
          conditions: [
            condition('NamespaceReady', 'True'),
            condition('WordPressReady', 'True'),
          ],
        }),
      );
    const { ctx, logger, output } = actionContext({ storeId, ...fast });

    await action.handler(ctx);

    expect(logger.warn.mock.calls.map(([message]) => message)).toEqual([
      'Store "summer-sale" is degraded (1/2 conditions met): Progressing: Deployment wordpress: 0/1 replicas ready; waiting for it to recover',
      'WordPressReady: False (Progressing) - Deployment wordpress: 0/1 replicas ready',
    ]);
    expect(logger.info).toHaveBeenLastCalledWith(
      'Store "summer-sale" is ready',
    );
    expect(outputsOf(output)).toMatchObject({ phase: 'ready' });
    expect(stores.getStore).toHaveBeenCalledTimes(3);
  });

  it('fails with a clear message when the timeout passes', async () => {
    stores.getStore.mockResolvedValue(
      makeStore({
        phase: 'provisioning',
        conditions: [
          condition('NamespaceReady', 'True'),
          condition('WordPressReady', 'False', 'Progressing', 'pulling image'),
        ],
      }),
    );
    const { ctx } = actionContext({
      storeId,
      intervalSeconds: 10,
      timeoutSeconds: 50,
    });

    // Fake clock: the number of looks follows from interval and timeout
    // alone, not from how busy the machine is. Jest fakes the global timers
    // only, so the action's `node:timers/promises` sleep is routed to them.
    jest.useFakeTimers();
    const sleep = jest
      .spyOn(timersPromises, 'setTimeout')
      .mockImplementation(
        (ms?: number) => new Promise(resolve => setTimeout(resolve, ms)),
      );
    try {
      const outcome = action.handler(ctx).catch((error: Error) => error);
      await jest.advanceTimersByTimeAsync(60_000);
      expect(await outcome).toEqual(
        new Error(
          'Timed out after 50s waiting for store "summer-sale" to become ready; it is still provisioning (waiting for WordPressReady: pulling image)',
        ),
      );
    } finally {
      sleep.mockRestore();
      jest.useRealTimers();
    }
    // At 0, 10, 20, 30, 40 and 50 s.
    expect(stores.getStore).toHaveBeenCalledTimes(6);
  });

  it('fails when the store is deleted while waiting (404)', async () => {
    stores.getStore
      .mockResolvedValueOnce(makeStore({ phase: 'provisioning' }))
      .mockRejectedValueOnce(
        await backendError(404, 'NotFoundError', `Store ${storeId} not found`),
      );
    const { ctx } = actionContext({ storeId, ...fast });

    await expect(action.handler(ctx)).rejects.toThrow(
      `Store ${storeId} no longer exists; it was deleted while waiting for it to become ready`,
    );
  });

  it('fails when the store is being deleted', async () => {
    stores.getStore.mockResolvedValueOnce(makeStore({ phase: 'deleting' }));
    const { ctx } = actionContext({ storeId, ...fast });

    await expect(action.handler(ctx)).rejects.toThrow(
      'Store "summer-sale" is being deleted; it will not become ready',
    );
  });

  it('stops at once when the task is cancelled', async () => {
    const controller = new AbortController();
    stores.getStore.mockImplementation(async () => {
      // Cancel while the step is waiting for its next look.
      setImmediate(() => controller.abort());
      return makeStore({ phase: 'provisioning' });
    });
    const { ctx } = actionContext(
      // A long interval: only the abort can end the sleep.
      { storeId, intervalSeconds: 300 },
      { signal: controller.signal },
    );

    await expect(action.handler(ctx)).rejects.toThrow(
      `Stopped waiting for store ${storeId}: the task was cancelled`,
    );
    expect(stores.getStore).toHaveBeenCalledTimes(1);
  });

  it('keeps waiting through a transient backend error', async () => {
    stores.getStore
      .mockRejectedValueOnce(
        await backendError(503, 'ServiceUnavailableError', 'restarting'),
      )
      .mockResolvedValueOnce(makeStore({ phase: 'ready' }));
    const { ctx, logger, output } = actionContext({ storeId, ...fast });

    await action.handler(ctx);

    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(`Could not read store ${storeId}, trying again`),
    );
    expect(outputsOf(output).phase).toBe('ready');
  });

  it('fails when the user may not read the store', async () => {
    stores.getStore.mockRejectedValue(
      await permissionRefusal('You are not allowed to read this store'),
    );
    const { ctx } = actionContext({ storeId, ...fast });

    const result = action.handler(ctx);
    await expect(result).rejects.toThrow(NotAllowedError);
    await expect(result).rejects.toThrow(
      'You are not allowed to read this store',
    );
    expect(stores.getStore).toHaveBeenCalledTimes(1);
  });

  it("the store's failure reaches the task log as one line", async () => {
    stores.getStore.mockResolvedValue(
      makeStore({
        phase: 'failed',
        failureReason:
          'Bootstrap job failed\n    at runJob (/work/main/plugins/stores-backend/src/x.ts:1:1)',
      }),
    );

    const { line } = await taskLogOfFailure(
      action.handler(actionContext({ storeId, ...fast }).ctx),
    );
    expect(line).toContain('Bootstrap job failed');
    expect(serverLogger.warn).toHaveBeenCalled();
  });

  it('does not poll in a dry run', async () => {
    const { ctx, logger } = actionContext({ storeId: '' }, { isDryRun: true });

    await action.handler(ctx);

    expect(stores.getStore).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledWith(
      'Dry run: would wait up to 900s for the store to become ready',
    );
  });

  it('needs a store id in a real run', async () => {
    const { ctx } = actionContext({ storeId: ' ' });
    await expect(action.handler(ctx)).rejects.toThrow(
      'stores:wait needs the storeId of a store',
    );
  });
});

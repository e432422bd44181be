import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  actionContext,
  actionTestSetup,
  checkpointMemory,
  makeStore,
  outputsOf,
  permissionRefusal,
  taskLogOfFailure,
} from '../__testUtils__/stores';
import { createStoreDeleteAction } from './deleteStore';

describe('stores:delete', () => {
  const { stores, logger, credentials } = actionTestSetup();
  const action = createStoreDeleteAction({ stores, logger });
  const store = makeStore({ phase: 'ready' });

  it('deletes by id as the initiating user and outputs the phase', async () => {
    stores.getStore.mockResolvedValue(store);
    stores.deleteStore.mockResolvedValue({ ...store, phase: 'deleting' });
    const { ctx, output } = actionContext(
      { storeId: store.id, confirm: true },
      { getInitiatorCredentials: async () => credentials },
    );

    await action.handler(ctx);

    expect(stores.getStore).toHaveBeenCalledWith(store.id, { credentials });
    expect(stores.deleteStore).toHaveBeenCalledWith(store.id, { credentials });
    expect(outputsOf(output)).toEqual({
      storeId: store.id,
      name: 'summer-sale',
      phase: 'deleting',
    });
  });

  it.each(['summer-sale', 'resource:default/summer-sale'])(
    'finds the store by exact name from %j',
    async name => {
      stores.listStores.mockResolvedValue({
        items: [makeStore({ id: 'other', name: 'summer-sale-2' }), store],
        totalCount: 2,
      });
      stores.deleteStore.mockResolvedValue({ ...store, phase: 'deleting' });
      const { ctx } = actionContext(
        { name, confirm: true },
        { getInitiatorCredentials: async () => credentials },
      );

      await action.handler(ctx);

      expect(stores.listStores).toHaveBeenCalledWith(
        { q: 'summer-sale', limit: 500 },
        { credentials },
      );
      expect(stores.deleteStore).toHaveBeenCalledWith(store.id, {
        credentials,
      });
    },
  );

  it('fails clearly when no store has that name', async () => {
    stores.listStores.mockResolvedValue({
      items: [makeStore({ id: 'other', name: 'summer-sale-2' })],
      totalCount: 1,
    });
    const { ctx } = actionContext({ name: 'summer-sale', confirm: true });

    const result = action.handler(ctx);
    await expect(result).rejects.toThrow(NotFoundError);
    await expect(result).rejects.toThrow('No store named "summer-sale" exists');
    expect(stores.deleteStore).not.toHaveBeenCalled();
  });

  it.each([
    ['missing', { storeId: store.id }],
    ['false', { storeId: store.id, confirm: false }],
    ['a string', { name: 'summer-sale', confirm: 'true' }],
  ])(
    'refuses without confirm: true (%s) and deletes nothing',
    async (_, input) => {
      stores.getStore.mockResolvedValue(store);
      const { ctx } = actionContext(input as any);

      const result = action.handler(ctx);
      await expect(result).rejects.toThrow(InputError);
      await expect(result).rejects.toThrow(
        'stores:delete needs confirm: true, the explicit confirmation that the store is deleted for good; nothing was deleted',
      );
      expect(stores.getStore).not.toHaveBeenCalled();
      expect(stores.listStores).not.toHaveBeenCalled();
      expect(stores.deleteStore).not.toHaveBeenCalled();
    },
  );

  it('declares confirm as a required literal true in its input schema', () => {
    const schema = action.schema?.input as any;
    expect(schema.required).toContain('confirm');
    expect(schema.properties.confirm).toMatchObject({ const: true });
  });

  it('needs an id or a name', async () => {
    await expect(
      action.handler(actionContext({ confirm: true }).ctx),
    ).rejects.toThrow('stores:delete needs a storeId or a name');
  });

  it('dry run reads the store and deletes nothing', async () => {
    stores.getStore.mockResolvedValue(store);
    const { ctx, output } = actionContext(
      { storeId: store.id, confirm: true },
      { isDryRun: true },
    );

    await action.handler(ctx);

    expect(stores.deleteStore).not.toHaveBeenCalled();
    expect(outputsOf(output)).toEqual({
      storeId: store.id,
      name: 'summer-sale',
      phase: 'ready',
    });
  });

  it('a retried run with the same checkpoints deletes only once', async () => {
    stores.getStore.mockResolvedValue(store);
    stores.deleteStore.mockResolvedValue({ ...store, phase: 'deleting' });
    const checkpoints = checkpointMemory();

    for (let run = 0; run < 2; run++) {
      const { ctx, output } = actionContext(
        { storeId: store.id, confirm: true },
        { checkpoint: checkpoints.checkpoint },
      );
      await action.handler(ctx);
      expect(outputsOf(output).phase).toBe('deleting');
    }

    expect(stores.deleteStore).toHaveBeenCalledTimes(1);
  });

  it("rethrows the backend's refusal with its message", async () => {
    stores.getStore.mockResolvedValue(store);
    stores.deleteStore.mockRejectedValue(
      await permissionRefusal('You are not allowed to delete this store'),
    );
    const { ctx } = actionContext({ storeId: store.id, confirm: true });

    const result = action.handler(ctx);
    await expect(result).rejects.toThrow(NotAllowedError);
    await expect(result).rejects.toThrow(
      'Could not delete store "summer-sale": You are not allowed to delete this store',
    );
  });

  it('a refusal reaches the task log as one line; the detail goes to the server log at debug', async () => {
    stores.getStore.mockResolvedValue(store);
    stores.deleteStore.mockRejectedValue(
      await permissionRefusal('You are not allowed to delete this store'),
    );

    const { error, line } = await taskLogOfFailure(
      action.handler(actionContext({ storeId: store.id, confirm: true }).ctx),
    );

    expect(error).toBeInstanceOf(NotAllowedError);
    expect(line).toBe(
      'NotAllowedError: Could not delete store "summer-sale": You are not allowed to delete this store',
    );
    expect(logger.debug).toHaveBeenCalledWith(
      'stores:delete failed: Could not delete store "summer-sale": You are not allowed to delete this store',
      expect.objectContaining({ action: 'stores:delete', taskId: 'task-1' }),
    );
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('a missing confirmation reaches the task log as one line', async () => {
    const { line } = await taskLogOfFailure(
      // The form is bypassed: no confirm at all.
      action.handler(actionContext({ storeId: store.id }).ctx as any),
    );
    expect(line).toBe(
      'InputError: stores:delete needs confirm: true, the explicit confirmation that the store is deleted for good; nothing was deleted',
    );
  });
});

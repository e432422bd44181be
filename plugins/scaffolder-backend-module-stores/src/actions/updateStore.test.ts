import { ConflictError, InputError } from '@backstage/errors';
import {
  actionContext,
  actionTestSetup,
  backendError,
  checkpointMemory,
  makeStore,
  outputsOf,
  taskLogOfFailure,
} from '../__testUtils__/stores';
import { createStoreUpdateAction } from './updateStore';

describe('stores:update', () => {
  const { stores, logger, credentials } = actionTestSetup();
  const action = createStoreUpdateAction({ stores, logger });
  const store = makeStore({
    phase: 'ready',
    generation: 1,
    observedGeneration: 1,
  });

  it('changes the plan by id as the initiating user and outputs the new generation', async () => {
    stores.getStore.mockResolvedValue(store);
    stores.updateStore.mockResolvedValue({
      ...store,
      plan: 'medium',
      generation: 2,
    });
    const {
      ctx,
      output,
      logger: taskLog,
    } = actionContext(
      { storeId: store.id, plan: 'medium' },
      { getInitiatorCredentials: async () => credentials },
    );

    await action.handler(ctx);

    expect(stores.updateStore).toHaveBeenCalledWith(
      store.id,
      { plan: 'medium' },
      { credentials },
    );
    expect(outputsOf(output)).toEqual({
      storeId: store.id,
      name: 'summer-sale',
      plan: 'medium',
      phase: 'ready',
      generation: 2,
    });
    expect(taskLog.info).toHaveBeenCalledWith(
      'Changing store "summer-sale": plan from small to medium',
    );
  });

  it.each(['summer-sale', 'resource:default/summer-sale'])(
    'finds the store by exact name from %j and sends only the given fields, trimmed',
    async name => {
      stores.listStores.mockResolvedValue({
        items: [makeStore({ id: 'other', name: 'summer-sale-2' }), store],
        totalCount: 2,
      });
      stores.updateStore.mockResolvedValue({
        ...store,
        displayName: 'Summer',
      });
      const { ctx } = actionContext({
        name,
        displayName: '  Summer ',
        description: '',
      });

      await action.handler(ctx);

      expect(stores.updateStore).toHaveBeenCalledWith(
        store.id,
        { displayName: 'Summer', description: '' },
        expect.anything(),
      );
    },
  );

  it.each([
    [
      { storeId: 'x' },
      'stores:update: name at least one of displayName, description, plan',
    ],
    [{ storeId: 'x', displayName: ' ' }, 'stores:update: displayName:'],
    [{ storeId: 'x', plan: '' }, 'stores:update: plan:'],
    [{ plan: 'medium' }, 'stores:update needs a storeId or a name'],
  ])('refuses %j before calling the backend', async (input, message) => {
    const result = action.handler(actionContext(input as any).ctx);
    await expect(result).rejects.toThrow(InputError);
    await expect(result).rejects.toThrow(message);
    expect(stores.getStore).not.toHaveBeenCalled();
    expect(stores.updateStore).not.toHaveBeenCalled();
  });

  it('dry run reads the store, says what would change and changes nothing', async () => {
    stores.getStore.mockResolvedValue(store);
    const {
      ctx,
      output,
      logger: taskLog,
    } = actionContext(
      { storeId: store.id, plan: 'medium', displayName: 'Big' },
      { isDryRun: true },
    );

    await action.handler(ctx);

    expect(stores.updateStore).not.toHaveBeenCalled();
    expect(taskLog.info).toHaveBeenCalledWith(
      'Dry run: store "summer-sale" would change plan from small to medium, display name to "Big"; nothing is changed',
    );
    expect(outputsOf(output)).toEqual({
      storeId: store.id,
      name: 'summer-sale',
      plan: 'small',
      phase: 'ready',
      generation: 1,
    });
  });

  it('a retried run with the same checkpoints changes only once', async () => {
    stores.getStore.mockResolvedValue(store);
    stores.updateStore.mockResolvedValue({
      ...store,
      plan: 'medium',
      generation: 2,
    });
    const checkpoints = checkpointMemory();
    for (let run = 0; run < 2; run++) {
      const { ctx, output } = actionContext(
        { storeId: store.id, plan: 'medium' },
        { checkpoint: checkpoints.checkpoint },
      );
      await action.handler(ctx);
      expect(outputsOf(output).generation).toBe(2);
    }
    expect(stores.updateStore).toHaveBeenCalledTimes(1);
  });

  it("the backend's refusal (a plan that shrinks volumes) reaches the task log as one line", async () => {
    stores.getStore.mockResolvedValue(store);
    stores.updateStore.mockRejectedValue(
      await backendError(
        409,
        'ConflictError',
        'Plan "small" would shrink the database volume from 10Gi to 2Gi of store "summer-sale"; volumes can only grow, so choose a plan whose volumes are at least as large',
      ),
    );

    const { error, line } = await taskLogOfFailure(
      action.handler(actionContext({ storeId: store.id, plan: 'small' }).ctx),
    );

    expect(error).toBeInstanceOf(ConflictError);
    expect(line).toBe(
      'ConflictError: Could not change store "summer-sale": Plan "small" would shrink the database volume from 10Gi to 2Gi of store "summer-sale"; volumes can only grow, so choose a plan whose volumes are at least as large',
    );
  });
});

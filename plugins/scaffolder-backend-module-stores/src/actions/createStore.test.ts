import { InputError, NotAllowedError } from '@backstage/errors';
import {
  actionContext,
  createActionTestSetup,
  backendError,
  checkpointMemory,
  makeStore,
  outputsOf,
  permissionRefusal,
  SERVER_STACK,
  taskLogOfFailure,
} from '../__testUtils__/stores';

describe('stores:create', () => {
  const { stores, logger, credentials, action } = createActionTestSetup();

  it('creates the store as the initiating user and outputs its links', async () => {
    stores.createStore.mockResolvedValue(makeStore());
    const { ctx, output } = actionContext(
      {
        name: 'summer-sale',
        owner: 'group:default/team-a',
        plan: 'medium',
        options: { sampleData: false },
      },
      {
        getInitiatorCredentials: async () => credentials,
        step: { id: 'create-store' },
      },
    );

    await action.handler(ctx);

    expect(stores.createStore).toHaveBeenCalledTimes(1);
    expect(stores.createStore).toHaveBeenCalledWith(
      {
        name: 'summer-sale',
        owner: 'group:default/team-a',
        engine: 'woocommerce',
        plan: 'medium',
        options: { sampleData: false },
      },
      { credentials, idempotencyKey: 'scaffolder:task-1:create-store' },
    );
    expect(stores.dryRunCreateStore).not.toHaveBeenCalled();
    expect(outputsOf(output)).toEqual({
      storeId: '6f1c2a8e-4f0b-4c67-9d3e-0a5b7c9d1e2f',
      namespace: 'store-summer-sale',
      phase: 'pending',
      storefrontUrl: 'http://summer-sale.stores.localtest.me',
      adminUrl: 'http://summer-sale.stores.localtest.me/wp-admin/',
      entityRef: 'resource:default/summer-sale',
      catalogUrl:
        'http://portal.example.com/catalog/default/resource/summer-sale',
      storesPageUrl: 'http://portal.example.com/stores',
    });
  });

  it('dry run validates with the backend and outputs the objects, creating nothing', async () => {
    const objects = [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'store-summer-sale' },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'wordpress', namespace: 'store-summer-sale' },
      },
    ];
    stores.dryRunCreateStore.mockResolvedValue({
      store: {
        name: 'summer-sale',
        displayName: 'summer-sale',
        owner: 'group:default/team-a',
        engine: 'woocommerce',
        plan: 'small',
        namespace: 'store-summer-sale',
        urls: { storefront: 'http://summer-sale.stores.localtest.me' },
      },
      objects,
    });
    const checkpoint = jest.fn();
    const { ctx, output } = actionContext(
      { name: 'summer-sale', owner: 'group:default/team-a' },
      {
        isDryRun: true,
        checkpoint,
        getInitiatorCredentials: async () => credentials,
      },
    );

    await action.handler(ctx);

    expect(stores.createStore).not.toHaveBeenCalled();
    expect(checkpoint).not.toHaveBeenCalled();
    expect(stores.dryRunCreateStore).toHaveBeenCalledWith(
      {
        name: 'summer-sale',
        owner: 'group:default/team-a',
        engine: 'woocommerce',
        options: {},
      },
      { credentials },
    );
    const outputs = outputsOf(output);
    expect(outputs.objects).toEqual(objects);
    expect(outputs.namespace).toBe('store-summer-sale');
    expect(outputs.storefrontUrl).toBe(
      'http://summer-sale.stores.localtest.me',
    );
    expect(outputs.entityRef).toBe('resource:default/summer-sale');
    expect(outputs).not.toHaveProperty('storeId');
  });

  it('dry run reports the backend refusal with its message', async () => {
    stores.dryRunCreateStore.mockRejectedValue(
      await backendError(
        409,
        'ConflictError',
        'A store named "summer-sale" already exists',
      ),
    );
    const { ctx } = actionContext(
      { name: 'summer-sale', owner: 'group:default/team-a' },
      { isDryRun: true },
    );

    await expect(action.handler(ctx)).rejects.toThrow(
      'Could not create store "summer-sale": A store named "summer-sale" already exists',
    );
    expect(stores.createStore).not.toHaveBeenCalled();
  });

  it('a retried run with the same checkpoints creates nothing new', async () => {
    stores.createStore.mockResolvedValue(makeStore());
    const checkpoints = checkpointMemory();
    const input = { name: 'summer-sale', owner: 'group:default/team-a' };

    const first = actionContext(input, {
      checkpoint: checkpoints.checkpoint,
      step: { id: 'create-store' },
    });
    await action.handler(first.ctx);
    const second = actionContext(input, {
      checkpoint: checkpoints.checkpoint,
      step: { id: 'create-store' },
    });
    await action.handler(second.ctx);

    expect(stores.createStore).toHaveBeenCalledTimes(1);
    expect([...checkpoints.saved.keys()]).toEqual([
      'stores.create.summer-sale',
    ]);
    expect(outputsOf(second.output)).toEqual(outputsOf(first.output));
    expect(second.logger.info).toHaveBeenCalledWith(
      expect.stringContaining('already created by an earlier run'),
    );
  });

  it('sends the same idempotency key when the checkpoint was lost, another key for another task', async () => {
    stores.createStore.mockResolvedValue(makeStore());
    const input = { name: 'summer-sale', owner: 'group:default/team-a' };
    // Each run gets fresh checkpoints: the step died after the backend
    // created the store but before the scaffolder saved the checkpoint.
    for (const taskId of ['task-1', 'task-1', 'task-2']) {
      const { ctx } = actionContext(input, {
        task: { id: taskId },
        checkpoint: checkpointMemory().checkpoint,
        step: { id: 'create-store' },
      });
      await action.handler(ctx);
    }

    const keys = stores.createStore.mock.calls.map(
      ([, options]) => options?.idempotencyKey,
    );
    expect(keys[0]).toBe('scaffolder:task-1:create-store');
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toBe('scaffolder:task-2:create-store');
  });

  it('does not save a checkpoint when the backend fails, so a retry tries again', async () => {
    stores.createStore
      .mockRejectedValueOnce(
        await backendError(503, 'ServiceUnavailableError', 'Database busy'),
      )
      .mockResolvedValueOnce(makeStore());
    const checkpoints = checkpointMemory();
    const input = { name: 'summer-sale', owner: 'group:default/team-a' };

    await expect(
      action.handler(
        actionContext(input, { checkpoint: checkpoints.checkpoint }).ctx,
      ),
    ).rejects.toThrow('Could not create store "summer-sale": Database busy');
    expect(checkpoints.saved.size).toBe(0);

    const retry = actionContext(input, { checkpoint: checkpoints.checkpoint });
    await action.handler(retry.ctx);
    expect(stores.createStore).toHaveBeenCalledTimes(2);
    expect(outputsOf(retry.output).storeId).toBe(makeStore().id);
  });

  it("a backend error reaches the task log as one line; the server's log keeps the detail", async () => {
    stores.createStore.mockRejectedValue(
      await backendError(
        500,
        'Error',
        'Database busy\nwhile inserting into stores',
        SERVER_STACK,
      ),
    );

    const { error, line } = await taskLogOfFailure(
      action.handler(
        actionContext({ name: 'summer-sale', owner: 'group:default/team-a' })
          .ctx,
      ),
    );

    expect(line).toBe(
      'Error: Could not create store "summer-sale": Database busy',
    );
    expect(error.message).toBe(
      'Could not create store "summer-sale": Database busy',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'stores:create failed',
      expect.objectContaining({
        message: expect.stringContaining('Database busy'),
      }),
    );
  });

  it('an error of the client itself (network, a bug) reaches the task log as one line with no path', async () => {
    const failure = new TypeError(
      "fetch failed; caused by Error: ENOENT: no such file or directory, open '/work/main/packages/backend/certs/ca.pem'",
    );
    failure.stack = `${failure.name}: ${failure.message}\n${SERVER_STACK.split(
      '\n',
    )
      .slice(1)
      .join('\n')}`;
    stores.createStore.mockRejectedValue(failure);

    const { error, line } = await taskLogOfFailure(
      action.handler(
        actionContext({ name: 'summer-sale', owner: 'group:default/team-a' })
          .ctx,
      ),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(line).toBe(
      "TypeError: fetch failed; caused by Error: ENOENT: no such file or directory, open '<server path>'",
    );
    expect(logger.warn).toHaveBeenCalledWith('stores:create failed', failure);
  });

  it.each([
    ['1shop', 'Store name must start with a lowercase letter'],
    ['ab', 'Store name must be at least 3 characters long'],
    [
      'Shop',
      'Store name may contain only lowercase letters a-z, digits and dashes',
    ],
    ['shop-', 'Store name must not end with a dash'],
    ['admin', 'Store name "admin" is reserved; choose another name'],
  ])(
    'refuses the name %j before calling the backend',
    async (name, message) => {
      const { ctx } = actionContext({ name, owner: 'group:default/team-a' });

      const result = action.handler(ctx);

      await expect(result).rejects.toThrow(InputError);
      await expect(result).rejects.toThrow(message);
      expect(stores.createStore).not.toHaveBeenCalled();
      expect(stores.dryRunCreateStore).not.toHaveBeenCalled();
    },
  );

  it('refuses a bad name in a dry run too', async () => {
    const { ctx } = actionContext(
      { name: '-shop', owner: 'group:default/team-a' },
      { isDryRun: true },
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'Store name must start with a lowercase letter',
    );
    expect(stores.dryRunCreateStore).not.toHaveBeenCalled();
  });

  it('normalizes a short owner ref and refuses owners that are not users or groups', async () => {
    stores.createStore.mockResolvedValue(makeStore());
    await action.handler(
      actionContext({ name: 'summer-sale', owner: 'team-a' }).ctx,
    );
    expect(stores.createStore.mock.calls[0][0].owner).toBe(
      'group:default/team-a',
    );

    await expect(
      action.handler(
        actionContext({
          name: 'summer-sale',
          owner: 'component:default/shop',
        }).ctx,
      ),
    ).rejects.toThrow(
      'Owner "component:default/shop" must be a group or a user, not a component',
    );
    expect(stores.createStore).toHaveBeenCalledTimes(1);
  });

  it("rethrows a permission refusal with the backend's message", async () => {
    stores.createStore.mockRejectedValue(
      await permissionRefusal('You are not allowed to create stores'),
    );
    const { ctx } = actionContext({
      name: 'summer-sale',
      owner: 'group:default/team-a',
    });

    const result = action.handler(ctx);
    await expect(result).rejects.toThrow(NotAllowedError);
    await expect(result).rejects.toThrow(
      'Could not create store "summer-sale": You are not allowed to create stores',
    );
  });
});

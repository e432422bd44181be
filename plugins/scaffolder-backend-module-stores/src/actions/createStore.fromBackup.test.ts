import { InputError, NotAllowedError } from '@backstage/errors';
import {
  actionContext,
  createActionTestSetup,
  backendError,
  makeStore,
  outputsOf,
} from '../__testUtils__/stores';

/* stores:create with `fromBackup`: a restore into a new store. */

describe('stores:create fromBackup', () => {
  const { stores, credentials, action } = createActionTestSetup();
  const owner = 'group:default/team-a';

  it("passes the backup to the backend, leaving the engine to the source store's", async () => {
    stores.createStore.mockResolvedValue(makeStore({ name: 'summer-copy' }));
    const {
      ctx,
      output,
      logger: taskLog,
    } = actionContext(
      {
        name: 'summer-copy',
        owner,
        fromBackup: {
          store: 'resource:default/summer-sale',
          backup: ' manual-20261202-0801 ',
        },
      },
      {
        getInitiatorCredentials: async () => credentials,
        step: { id: 'create-store' },
      },
    );

    await action.handler(ctx);

    expect(stores.createStore).toHaveBeenCalledWith(
      {
        name: 'summer-copy',
        owner,
        options: {},
        fromBackup: { store: 'summer-sale', backup: 'manual-20261202-0801' },
      },
      { credentials, idempotencyKey: 'scaffolder:task-1:create-store' },
    );
    expect(stores.createStore.mock.calls[0][0]).not.toHaveProperty('engine');
    expect(taskLog.info).toHaveBeenCalledWith(
      'Creating store "summer-copy" for group:default/team-a from backup "manual-20261202-0801" of store "summer-sale"',
    );
    expect(outputsOf(output)).toMatchObject({
      namespace: 'store-summer-copy',
      entityRef: 'resource:default/summer-copy',
    });
  });

  it('keeps an engine named explicitly and a store given by id', async () => {
    stores.createStore.mockResolvedValue(makeStore({ name: 'summer-copy' }));
    const id = '6f1c2a8e-4f0b-4c67-9d3e-0a5b7c9d1e2f';
    await action.handler(
      actionContext({
        name: 'summer-copy',
        owner,
        engine: 'medusa',
        fromBackup: { store: id, backup: 'nightly-29451' },
      }).ctx,
    );
    expect(stores.createStore.mock.calls[0][0]).toMatchObject({
      engine: 'medusa',
      fromBackup: { store: id, backup: 'nightly-29451' },
    });
  });

  it('sends the backup with a dry run too', async () => {
    stores.dryRunCreateStore.mockResolvedValue({
      store: {
        name: 'summer-copy',
        displayName: 'summer-copy',
        owner,
        engine: 'woocommerce',
        plan: 'small',
        namespace: 'store-summer-copy',
        urls: {},
      },
      objects: [],
    });
    await action.handler(
      actionContext(
        {
          name: 'summer-copy',
          owner,
          fromBackup: { store: 'summer-sale', backup: 'nightly-29451' },
        },
        { isDryRun: true },
      ).ctx,
    );
    expect(stores.dryRunCreateStore.mock.calls[0][0].fromBackup).toEqual({
      store: 'summer-sale',
      backup: 'nightly-29451',
    });
    expect(stores.createStore).not.toHaveBeenCalled();
  });

  it.each([
    [
      { store: ' ', backup: 'nightly-1' },
      'fromBackup.store is empty: name the store the backup was taken of (its name, id or catalog entity ref)',
    ],
    [
      { store: 'summer-sale', backup: '' },
      'fromBackup.backup is empty: name the backup of store "summer-sale" to restore, as its Backups card lists it',
    ],
    [
      { store: 'summer-sale', backup: 'Nightly_1' },
      'fromBackup.backup "Nightly_1" is not a backup name: 1-63 lowercase letters, digits and dashes, starting and ending with a letter or digit, as the store\'s Backups card lists it',
    ],
    [
      { store: 'summer-sale', backup: `n${'x'.repeat(63)}` },
      `fromBackup.backup "n${'x'.repeat(
        63,
      )}" is not a backup name: 1-63 lowercase letters`,
    ],
    [
      { store: 'resource:default/', backup: 'nightly-1' },
      '"resource:default/" is neither a store name nor an entity ref',
    ],
  ])(
    'refuses fromBackup %j before calling the backend',
    async (fromBackup, message) => {
      const result = action.handler(
        actionContext({ name: 'summer-copy', owner, fromBackup }).ctx,
      );
      await expect(result).rejects.toThrow(InputError);
      await expect(result).rejects.toThrow(message);
      expect(stores.createStore).not.toHaveBeenCalled();
      expect(stores.dryRunCreateStore).not.toHaveBeenCalled();
    },
  );

  it("fails with the backend's reason when the backup may not be restored", async () => {
    stores.createStore.mockRejectedValue(
      await backendError(
        403,
        'NotAllowedError',
        'You are not allowed to restore backups of store "summer-sale"',
      ),
    );
    const result = action.handler(
      actionContext({
        name: 'summer-copy',
        owner,
        fromBackup: { store: 'summer-sale', backup: 'nightly-1' },
      }).ctx,
    );
    await expect(result).rejects.toThrow(NotAllowedError);
    await expect(result).rejects.toThrow(
      'Could not restore backup "nightly-1" of store "summer-sale" into new store "summer-copy": You are not allowed to restore backups of store "summer-sale"',
    );
  });
});

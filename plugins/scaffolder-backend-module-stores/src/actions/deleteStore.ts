import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { toActionError, toTaskError } from './backendErrors';
import { findByName, storeNameOf } from './findStore';
import type { StoresActionOptions } from './types';
import { examples } from './deleteStore.examples';

/**
 * `stores:delete`: asks the stores backend to delete a store, found by id or
 * by name (a plain name or the ref of the store's catalog entity). Deletion
 * runs in the background; the step ends once the backend has accepted it.
 *
 * It needs `confirm: true`: a template must pass the person's explicit
 * confirmation, so that a step that forgot to ask deletes nothing.
 */
export function createStoreDeleteAction(options: StoresActionOptions) {
  const { stores } = options;

  return createTemplateAction({
    id: 'stores:delete',
    description:
      'Deletes a store and everything of it in the cluster, by id or by name. ' +
      'The user running the template needs the delete permission on the store.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        confirm: z =>
          z
            .literal(true)
            .describe(
              "Must be true: the person's explicit confirmation (a ticked box in the form) that the store and its data go for good",
            ),
        storeId: z =>
          z.string().optional().describe('Id of the store to delete'),
        name: z =>
          z
            .string()
            .optional()
            .describe(
              'Name of the store, or the ref of its catalog entity (resource:default/<name>); used when storeId is not given',
            ),
      },
      output: {
        storeId: z => z.string().describe('Id of the deleted store'),
        name: z => z.string().describe('Name of the deleted store'),
        phase: z =>
          z
            .string()
            .describe(
              'Phase after the request: deleting while the namespace goes away',
            ),
      },
    },
    async handler(ctx) {
      try {
        // The scaffolder checks the input schema before a task runs; this also
        // holds when the action is called another way.
        if ((ctx.input.confirm as unknown) !== true) {
          throw new InputError(
            'stores:delete needs confirm: true, the explicit confirmation that the store is deleted for good; nothing was deleted',
          );
        }
        const storeId = ctx.input.storeId?.trim() || undefined;
        const name = ctx.input.name?.trim()
          ? storeNameOf(ctx.input.name.trim())
          : undefined;
        if (!storeId && !name) {
          throw new InputError('stores:delete needs a storeId or a name');
        }
        const credentials = await ctx.getInitiatorCredentials();
        const store = storeId
          ? await stores.getStore(storeId, { credentials }).catch(error => {
              throw toActionError(error, `find store ${storeId}`);
            })
          : await findByName(stores, name!, credentials);

        ctx.output('storeId', store.id);
        ctx.output('name', store.name);

        if (ctx.isDryRun) {
          ctx.logger.info(
            `Dry run: store "${store.name}" (id ${store.id}, namespace ${store.namespace}) would be deleted; nothing is changed`,
          );
          ctx.output('phase', store.phase);
          return;
        }

        const phase = await ctx.checkpoint<string>({
          key: `stores.delete.${store.id}`,
          fn: async () => {
            ctx.logger.info(
              `Deleting store "${store.name}" (id ${store.id}, namespace ${store.namespace})`,
            );
            const deleted = await stores
              .deleteStore(store.id, { credentials })
              .catch(error => {
                throw toActionError(error, `delete store "${store.name}"`);
              });
            return deleted.phase;
          },
        });
        ctx.logger.info(
          `Store "${store.name}" is ${phase}; its namespace is removed in the background`,
        );
        ctx.output('phase', phase);
      } catch (error) {
        throw toTaskError(error, {
          action: 'stores:delete',
          logger: options.logger,
          taskId: ctx.task?.id,
        });
      }
    },
  });
}

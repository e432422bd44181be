import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  updateStoreRequestSchema,
  type Store,
  type UpdateStoreRequest,
} from '@internal/plugin-stores-common';
import { toActionError, toTaskError } from './backendErrors';
import { examples } from './updateStore.examples';
import { resolveStore } from './findStore';
import type { StoresActionOptions } from './types';

/**
 * `stores:update`: changes a store's display name, description or plan,
 * found by id or by name (a plain name or its catalog entity's ref). A plan
 * change is applied by the stores backend in the background (a new
 * generation); pass the output `generation` to stores:wait to wait for it.
 * The backend refuses a plan with smaller volumes, or one whose larger
 * volumes the cluster cannot expand, before it changes anything.
 */
export function createStoreUpdateAction(options: StoresActionOptions) {
  const { stores } = options;

  return createTemplateAction({
    id: 'stores:update',
    description:
      "Changes a store's display name, description or plan, by id or by name. " +
      'The user running the template needs the update permission on the store.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        storeId: z =>
          z.string().optional().describe('Id of the store to change'),
        name: z =>
          z
            .string()
            .optional()
            .describe(
              'Name of the store, or the ref of its catalog entity (resource:default/<name>); used when storeId is not given',
            ),
        displayName: z =>
          z.string().optional().describe('New display name (1-100 characters)'),
        description: z =>
          z
            .string()
            .optional()
            .describe('New description; an empty one removes it'),
        plan: z =>
          z
            .string()
            .optional()
            .describe(
              'New plan, one of stores.plans (e.g. small, medium); volumes can only grow',
            ),
      },
      output: {
        storeId: z => z.string().describe('Id of the store'),
        name: z => z.string().describe('Name of the store'),
        plan: z => z.string().describe("The store's plan after the change"),
        phase: z => z.string().describe('Phase after the change'),
        generation: z =>
          z
            .number()
            .describe(
              'Generation after the change; stores:wait with this generation waits until it is applied',
            ),
      },
    },
    async handler(ctx) {
      try {
        const { storeId, name, ...fields } = ctx.input;
        const change = parseChange(fields);
        const credentials = await ctx.getInitiatorCredentials();
        const store = await resolveStore(
          stores,
          { storeId, name },
          credentials,
          'stores:update',
        );
        ctx.output('storeId', store.id);
        ctx.output('name', store.name);

        if (ctx.isDryRun) {
          ctx.logger.info(
            `Dry run: store "${store.name}" would change ${describeChange(
              store,
              change,
            )}; nothing is changed`,
          );
          outputState(ctx, store);
          return;
        }

        const updated = await ctx.checkpoint<Store>({
          key: `stores.update.${store.id}`,
          fn: async () => {
            ctx.logger.info(
              `Changing store "${store.name}": ${describeChange(
                store,
                change,
              )}`,
            );
            return stores
              .updateStore(store.id, change, { credentials })
              .catch(error => {
                throw toActionError(error, `change store "${store.name}"`);
              });
          },
        });
        ctx.logger.info(
          updated.generation > store.generation
            ? `Store "${updated.name}" is on plan ${updated.plan}; the stores backend applies it now (generation ${updated.generation})`
            : `Store "${updated.name}" changed`,
        );
        outputState(ctx, updated);
      } catch (error) {
        throw toTaskError(error, {
          action: 'stores:update',
          logger: options.logger,
          taskId: ctx.task?.id,
        });
      }
    },
  });
}

/** The fields to send, checked with the backend's own schema (and trimmed). */
function parseChange(fields: Record<string, unknown>): UpdateStoreRequest {
  const given = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  );
  const parsed = updateStoreRequestSchema.safeParse(given);
  if (!parsed.success) {
    throw new InputError(
      `stores:update: ${parsed.error.issues
        .map(issue =>
          issue.path.length
            ? `${issue.path.join('.')}: ${issue.message}`
            : issue.message,
        )
        .join('; ')}`,
    );
  }
  return parsed.data;
}

function describeChange(store: Store, change: UpdateStoreRequest): string {
  const parts: string[] = [];
  if (change.plan !== undefined) {
    parts.push(`plan from ${store.plan} to ${change.plan}`);
  }
  if (change.displayName !== undefined) {
    parts.push(`display name to "${change.displayName}"`);
  }
  if (change.description !== undefined) {
    parts.push(change.description ? 'description' : 'description (removed)');
  }
  return parts.join(', ');
}

function outputState(
  ctx: { output(name: string, value: string | number): void },
  store: Store,
) {
  ctx.output('plan', store.plan);
  ctx.output('phase', store.phase);
  ctx.output('generation', store.generation);
}

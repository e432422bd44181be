import type { Config } from '@backstage/config';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  normalizeOwnerRef,
  validateStoreName,
  type CreateStoreRequest,
  type Store,
} from '@internal/plugin-stores-common';
import { toActionError, toTaskError } from './backendErrors';
import { parseFromBackup, type FromBackupInput } from './fromBackup';
import { storeUrlOutputs } from './storeUrlOutputs';
import type { StoresActionOptions } from './types';
import { examples } from './createStore.examples';
import { taskIdempotencyKey } from './idempotencyKey';
import { PortalLinks } from './PortalLinks';

/** What the create step remembers in its checkpoint: enough to set its outputs again. */
type CreatedStore = {
  storeId: string;
  namespace: string;
  phase: string;
  storefrontUrl: string | null;
  adminUrl: string | null;
};

/**
 * `stores:create`: asks the stores backend for a new store, as the user who
 * runs the template. Idempotent across step retries and task recovery: the
 * result is kept in a checkpoint, and the backend gets an idempotency key
 * derived from the task and step, in case the step died after the backend
 * created the store but before the checkpoint was saved.
 */
export function createStoreCreateAction(
  options: StoresActionOptions & { config: Config },
) {
  const { stores } = options;
  const links = PortalLinks.fromConfig(options.config);

  return createTemplateAction({
    id: 'stores:create',
    description:
      'Creates a store (a WooCommerce shop in its own Kubernetes namespace) through the stores backend. ' +
      'The store is provisioned in the background; follow with stores:wait to wait until it is ready.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        // Name rules are checked in the handler, not as a JSON-schema pattern,
        // so that a bad name fails with a sentence instead of a regex.
        name: z =>
          z
            .string()
            .describe(
              'Store name: 3-57 lowercase letters, digits and dashes, starting with a letter. ' +
                'Becomes the namespace store-<name>, the host and the catalog entity name.',
            ),
        owner: z =>
          z
            .string()
            .describe(
              'Entity ref of the owning group or user, e.g. group:default/team-a',
            ),
        displayName: z =>
          z.string().optional().describe('Human-friendly store name'),
        description: z =>
          z.string().optional().describe('What the store is for'),
        plan: z =>
          z
            .string()
            .optional()
            .describe(
              'Resource plan, e.g. small or medium (the backend default when omitted)',
            ),
        engine: z =>
          z.string().optional().describe('Store engine (default woocommerce)'),
        options: z =>
          z
            .object({
              sampleData: z
                .boolean()
                .optional()
                .describe('Seed a sample product (default true)'),
            })
            .optional()
            .describe('Engine options'),
        fromBackup: z =>
          z
            .object({
              store: z
                .string()
                .describe(
                  'The store the backup was taken of: its name, id or catalog entity ref (resource:default/<name>)',
                ),
              backup: z
                .string()
                .describe(
                  "The backup's name, as the store's Backups card or GET /stores/{id}/backups lists it",
                ),
            })
            .optional()
            .describe(
              "Restore a succeeded backup of another store into the new store instead of a fresh install (its database and content). The engine defaults to the source store's; the user needs stores.store.backup on the source store.",
            ),
      },
      output: {
        storeId: z =>
          z
            .string()
            .optional()
            .describe(
              'Id of the store in the stores backend (not set in a dry run)',
            ),
        namespace: z =>
          z.string().describe('Kubernetes namespace of the store'),
        ...storeUrlOutputs,
        entityRef: z =>
          z.string().describe("Ref of the store's catalog entity"),
        catalogUrl: z => z.string().describe("URL of the store's catalog page"),
        storesPageUrl: z => z.string().describe('URL of the stores page'),
        phase: z =>
          z.string().optional().describe('Phase of the store once created'),
        objects: z =>
          z
            .array(z.record(z.unknown()))
            .optional()
            .describe(
              'Dry run only: the Kubernetes objects that would be applied (secret values redacted)',
            ),
      },
    },
    async handler(ctx) {
      try {
        const request = toCreateRequest(ctx.input);
        const credentials = await ctx.getInitiatorCredentials();
        const doing = request.fromBackup
          ? `restore backup "${request.fromBackup.backup}" of store "${request.fromBackup.store}" into new store "${request.name}"`
          : `create store "${request.name}"`;

        ctx.output('entityRef', PortalLinks.entityRef(request.name));
        ctx.output('catalogUrl', links.catalogPage(request.name));
        ctx.output('storesPageUrl', links.storesPage());

        if (ctx.isDryRun) {
          ctx.logger.info(
            `Dry run: validating store "${request.name}" with the stores backend; nothing is created`,
          );
          const result = await stores
            .dryRunCreateStore(request, { credentials })
            .catch(error => {
              throw toActionError(error, doing);
            });
          ctx.output('namespace', result.store.namespace);
          if (result.store.urls.storefront) {
            ctx.output('storefrontUrl', result.store.urls.storefront);
          }
          if (result.store.urls.admin) {
            ctx.output('adminUrl', result.store.urls.admin);
          }
          // A plain copy: the scaffolder's templating refuses arrays whose
          // prototype is another realm's, as fetch's JSON is under a VM
          // sandbox such as jest's.
          ctx.output(
            'objects',
            JSON.parse(JSON.stringify(result.objects)) as Record<
              string,
              unknown
            >[],
          );
          ctx.logger.info(
            `Dry run: the store would be created in namespace ${result.store.namespace} ` +
              `with ${result.objects.length} objects: ${result.objects
                .map(o => `${o.kind}/${o.metadata.name}`)
                .join(', ')}`,
          );
          return;
        }

        const idempotencyKey = taskIdempotencyKey(
          ctx.task.id,
          ctx.step?.id ?? 'stores-create',
        );
        let createdNow = false;
        const created = await ctx.checkpoint<CreatedStore>({
          key: `stores.create.${request.name}`,
          fn: async () => {
            createdNow = true;
            ctx.logger.info(
              request.fromBackup
                ? `Creating store "${request.name}" for ${request.owner} from backup "${request.fromBackup.backup}" of store "${request.fromBackup.store}"`
                : `Creating store "${request.name}" for ${request.owner}`,
            );
            const store = await stores
              .createStore(request, { credentials, idempotencyKey })
              .catch(error => {
                throw toActionError(error, doing);
              });
            return summarize(store);
          },
        });
        if (!createdNow) {
          ctx.logger.info(
            `Store "${request.name}" was already created by an earlier run of this step (id ${created.storeId})`,
          );
        } else {
          ctx.logger.info(
            `Store "${request.name}" accepted (id ${created.storeId}, namespace ${created.namespace}); it is provisioned in the background`,
          );
        }

        ctx.output('storeId', created.storeId);
        ctx.output('namespace', created.namespace);
        ctx.output('phase', created.phase);
        if (created.storefrontUrl) {
          ctx.output('storefrontUrl', created.storefrontUrl);
        }
        if (created.adminUrl) {
          ctx.output('adminUrl', created.adminUrl);
        }
      } catch (error) {
        throw toTaskError(error, {
          action: 'stores:create',
          logger: options.logger,
          taskId: ctx.task?.id,
        });
      }
    },
  });
}

/** Reads and checks the step's input before anything is sent anywhere. */
function toCreateRequest(input: {
  name: string;
  owner: string;
  displayName?: string;
  description?: string;
  plan?: string;
  engine?: string;
  options?: { sampleData?: boolean };
  fromBackup?: FromBackupInput;
}): CreateStoreRequest {
  const name = input.name.trim();
  const problem = validateStoreName(name);
  if (problem) {
    // Same wording as the stores backend's own check.
    throw new InputError(`Store name ${problem}`);
  }
  const fromBackup = parseFromBackup(input.fromBackup);
  return {
    name,
    owner: normalizeOwner(input.owner),
    displayName: input.displayName?.trim() || undefined,
    description: input.description?.trim() || undefined,
    // A restore takes the source store's engine unless one is named.
    ...(input.engine || !fromBackup
      ? { engine: input.engine || 'woocommerce' }
      : {}),
    plan: input.plan || undefined,
    options: { ...input.options },
    ...(fromBackup ? { fromBackup } : {}),
  };
}

/** A short ref (`team-a`) is a group's; only users and groups may own a store. */
function normalizeOwner(owner: string): string {
  let ref: string;
  try {
    ref = normalizeOwnerRef(owner, { defaultKind: 'group' });
  } catch {
    throw new InputError(`Owner "${owner}" is not a valid entity ref`);
  }
  const { kind } = parseEntityRef(ref);
  if (kind !== 'group' && kind !== 'user') {
    throw new InputError(
      `Owner "${owner}" must be a group or a user, not a ${kind}`,
    );
  }
  return ref;
}

function summarize(store: Store): CreatedStore {
  return {
    storeId: store.id,
    namespace: store.namespace,
    phase: store.phase,
    storefrontUrl: store.urls.storefront ?? null,
    adminUrl: store.urls.admin ?? null,
  };
}

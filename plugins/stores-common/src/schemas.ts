import { z } from 'zod';
import { backupRefSchema } from './backups';
import { validateStoreName } from './names';
import type { operations } from './schema/openapi.generated';
import { STORE_PHASES } from './types';

export const storeNameSchema = z.string().superRefine((value, ctx) => {
  const problem = validateStoreName(value);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: `Store name ${problem}` });
  }
});

const entityRefSchema = z
  .string()
  .regex(
    /^(user|group):([a-z0-9._-]+\/)?[A-Za-z0-9._-]+$/i,
    'owner must be a user or group entity ref, e.g. group:default/team-a',
  );

/** Body of `POST /stores`. Unknown fields are rejected. */
export const createStoreRequestSchema = z.strictObject({
  name: storeNameSchema,
  displayName: z.string().trim().min(1).max(100).optional(),
  description: z.string().max(1000).optional(),
  owner: entityRefSchema,
  engine: z.string().min(1).max(63).default('woocommerce'),
  plan: z.string().min(1).max(63).default('small'),
  options: z
    .strictObject({
      sampleData: z.boolean().optional(),
    })
    .default({}),
  /** Restore this backup of another store instead of a fresh install. */
  fromBackup: backupRefSchema.optional(),
});
export type CreateStoreRequest = z.input<typeof createStoreRequestSchema>;
export type ParsedCreateStoreRequest = z.output<
  typeof createStoreRequestSchema
>;

/**
 * Body of `PATCH /stores/:id`: what an owner may change after the create.
 * At least one field; unknown fields (the name, owner, engine: fixed for a
 * store's life) are rejected. An empty description removes it.
 */
export const updateStoreRequestSchema = z
  .strictObject({
    displayName: z.string().trim().min(1).max(100).optional(),
    description: z.string().max(1000).optional(),
    plan: z.string().min(1).max(63).optional(),
  })
  .refine(
    body => Object.values(body).some(value => value !== undefined),
    'name at least one of displayName, description, plan',
  );
export type UpdateStoreRequest = z.input<typeof updateStoreRequestSchema>;

/** Query of `GET /stores`. */
export const listStoresQuerySchema = z.strictObject({
  owner: z.union([entityRefSchema, z.array(entityRefSchema)]).optional(),
  phase: z
    .union([z.enum(STORE_PHASES), z.array(z.enum(STORE_PHASES))])
    .optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListStoresQuery = z.input<typeof listStoresQuerySchema>;

/**
 * A {@link ListStoresQuery} as the spec's query parameters of `GET /stores`,
 * for the typed clients: repeatable keys as arrays, an empty search left out.
 */
export function listStoresParams(
  query: ListStoresQuery,
): NonNullable<operations['ListStores']['parameters']['query']> {
  const list = <T>(value: T | T[] | undefined) =>
    value === undefined ? undefined : ([] as T[]).concat(value);
  return {
    owner: list(query.owner),
    phase: list(query.phase),
    q: query.q || undefined,
    limit: query.limit === undefined ? undefined : Number(query.limit),
    cursor: query.cursor,
  };
}

/** Query of `GET /stores/:id/events`. */
export const listEventsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(100).optional(),
});

import type { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';

/** The zod the scaffolder passes to each field of an action's schema. */
type Zod = Parameters<
  NonNullable<NonNullable<TemplateActionOptions['schema']>['output']>[string]
>[0];

/** A store's URLs, as the actions that know them output them. */
export const storeUrlOutputs = {
  storefrontUrl: (z: Zod) =>
    z.string().optional().describe('Public URL of the storefront'),
  adminUrl: (z: Zod) =>
    z
      .string()
      .optional()
      .describe("URL of the store's admin (WooCommerce or Medusa)"),
};

import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Create a store with the default plan and options',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-store',
          action: 'stores:create',
          name: 'Create store',
          input: {
            name: 'summer-sale',
            owner: 'group:default/team-a',
          },
        },
      ],
    }),
  },
  {
    description:
      'Create a store on the medium plan, without sample data, with a display name and description',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-store',
          action: 'stores:create',
          name: 'Create store',
          input: {
            name: 'spring-launch',
            displayName: 'Spring launch',
            description: 'Shop for the spring product launch',
            owner: 'user:default/jane.doe',
            plan: 'medium',
            engine: 'woocommerce',
            options: { sampleData: false },
          },
        },
      ],
    }),
  },
  {
    description:
      "Create a store from a backup of another store (its database and content), on the source store's engine",
    example: yaml.stringify({
      steps: [
        {
          id: 'create-store',
          action: 'stores:create',
          name: 'Restore store',
          input: {
            name: 'summer-sale-copy',
            owner: 'group:default/team-a',
            fromBackup: {
              store: 'resource:default/summer-sale',
              backup: 'summer-sale-backup-manual-1',
            },
          },
        },
      ],
    }),
  },
];

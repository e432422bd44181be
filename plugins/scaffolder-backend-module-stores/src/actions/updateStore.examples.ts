import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Move a store to another plan and wait until it is applied',
    example: yaml.stringify({
      steps: [
        {
          id: 'update-store',
          action: 'stores:update',
          name: 'Change plan',
          input: { name: 'summer-sale', plan: 'medium' },
        },
        {
          id: 'wait-for-store',
          action: 'stores:wait',
          name: 'Wait until the new plan is applied',
          input: {
            storeId: "${{ steps['update-store'].output.storeId }}",
            generation: "${{ steps['update-store'].output.generation }}",
          },
        },
      ],
    }),
  },
  {
    description:
      "Rename the store picked in an EntityPicker (the ref of the store's catalog entity)",
    example: yaml.stringify({
      steps: [
        {
          id: 'update-store',
          action: 'stores:update',
          name: 'Rename store',
          input: {
            name: 'resource:default/summer-sale',
            displayName: 'Summer Sale 2027',
            description: 'Our summer campaign shop',
          },
        },
      ],
    }),
  },
];

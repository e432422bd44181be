import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Delete a store by name',
    example: yaml.stringify({
      steps: [
        {
          id: 'delete-store',
          action: 'stores:delete',
          name: 'Delete store',
          input: { name: 'summer-sale', confirm: true },
        },
      ],
    }),
  },
  {
    description:
      "Delete the store picked in an EntityPicker (the ref of the store's catalog entity)",
    example: yaml.stringify({
      steps: [
        {
          id: 'delete-store',
          action: 'stores:delete',
          name: 'Delete store',
          input: { name: 'resource:default/summer-sale', confirm: true },
        },
      ],
    }),
  },
  {
    description: 'Delete a store by its id',
    example: yaml.stringify({
      steps: [
        {
          id: 'delete-store',
          action: 'stores:delete',
          name: 'Delete store',
          input: {
            storeId: '6f1c2a8e-4f0b-4c67-9d3e-0a5b7c9d1e2f',
            confirm: true,
          },
        },
      ],
    }),
  },
];

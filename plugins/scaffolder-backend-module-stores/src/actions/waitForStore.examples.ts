import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create a store, then wait (up to 15 minutes) until it is ready',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-store',
          action: 'stores:create',
          name: 'Create store',
          input: { name: 'summer-sale', owner: 'group:default/team-a' },
        },
        {
          id: 'wait-for-store',
          action: 'stores:wait',
          name: 'Wait until the store is ready',
          input: { storeId: "${{ steps['create-store'].output.storeId }}" },
        },
      ],
    }),
  },
  {
    description:
      'Wait for a known store, looking every 10 seconds and giving up after 30 minutes',
    example: yaml.stringify({
      steps: [
        {
          id: 'wait-for-store',
          action: 'stores:wait',
          name: 'Wait until the store is ready',
          input: {
            storeId: '6f1c2a8e-4f0b-4c67-9d3e-0a5b7c9d1e2f',
            intervalSeconds: 10,
            timeoutSeconds: 1800,
          },
        },
      ],
    }),
  },
];

import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';

/** The repository's templates folder, beside plugins/. */
export const TEMPLATES_DIR = resolvePackagePath(
  '@internal/plugin-scaffolder-backend-module-stores',
  '..',
  '..',
  'templates',
);

/** A template of the repository, as the catalog would hold it after reading its file. */
export function loadTemplate(name: string): Entity {
  const file = path.join(TEMPLATES_DIR, name, 'template.yaml');
  const entity = yaml.parse(fs.readFileSync(file, 'utf8')) as Entity;
  const location = `file:${file}`;
  return {
    ...entity,
    metadata: {
      namespace: 'default',
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
      },
    },
  };
}

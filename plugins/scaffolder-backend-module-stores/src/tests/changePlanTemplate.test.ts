import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { STORE_ENTITY_TYPES } from '@internal/plugin-stores-common';
import { DEFAULT_STORE_PLANS } from '@internal/plugin-stores-node';
import { validate } from 'jsonschema';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { loadTemplate, TEMPLATES_DIR } from '../__testUtils__/templates';

/* templates/change-store-plan, and every template being in the catalog. */

describe('templates/change-store-plan', () => {
  const template = loadTemplate('change-store-plan');
  const spec = template.spec as any;

  it("is a valid v1beta3 template that picks every engine's store entities", async () => {
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
      true,
    );
    expect(template.metadata.title).toBe("Change a store's plan");
    const store = spec.parameters[0].properties.store;
    expect(store['ui:field']).toBe('EntityPicker');
    expect(store['ui:options'].catalogFilter).toEqual([
      { kind: 'Resource', 'spec.type': [...STORE_ENTITY_TYPES] },
    ]);
  });

  it('offers the built-in plans and needs a store and a plan', () => {
    const parameters = spec.parameters as any[];
    expect(parameters[0].properties.plan.enum).toEqual(
      Object.keys(DEFAULT_STORE_PLANS),
    );
    const isValid = (v: object) => parameters.every(p => validate(v, p).valid);
    const store = 'resource:default/summer-sale';
    expect(isValid({ store, plan: 'medium' })).toBe(true);
    expect(isValid({ store, plan: 'huge' })).toBe(false);
    expect(isValid({ store })).toBe(false);
    expect(isValid({ plan: 'medium' })).toBe(false);
  });

  it('changes the plan with stores:update and waits for that generation', () => {
    expect(spec.steps.map((s: any) => [s.action, s.input])).toEqual([
      [
        'stores:update',
        { name: '${{ parameters.store }}', plan: '${{ parameters.plan }}' },
      ],
      [
        'stores:wait',
        {
          storeId: "${{ steps['update-store'].output.storeId }}",
          generation: "${{ steps['update-store'].output.generation }}",
        },
      ],
    ]);
    expect(spec.steps[1].if).toBe('${{ parameters.waitForApplied }}');
  });
});

describe('the catalog', () => {
  const templates = fs
    .readdirSync(TEMPLATES_DIR, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name)
    .sort();

  /** The templates a config's catalog locations register, by folder. */
  function registeredTemplates(configFile: string, base: string) {
    const config = yaml.parse(
      fs.readFileSync(path.join(TEMPLATES_DIR, '..', configFile), 'utf8'),
    );
    return (config.catalog.locations as any[])
      .filter(
        location =>
          location.type === 'file' &&
          location.rules?.some((rule: any) => rule.allow?.includes('Template')),
      )
      .map(location =>
        path.posix.normalize(path.posix.join(base, location.target)),
      )
      .filter(target => target.startsWith('templates/'))
      .map(target => target.split('/')[1])
      .sort();
  }

  it('reads every template of templates/, including the change-plan one', () => {
    expect(templates).toContain('change-store-plan');
    // Paths in app-config.yaml are relative to packages/backend, where
    // `yarn start` runs the backend; the production image runs from the root.
    expect(registeredTemplates('app-config.yaml', 'packages/backend')).toEqual(
      templates,
    );
    expect(registeredTemplates('app-config.production.yaml', '.')).toEqual(
      templates,
    );
  });
});

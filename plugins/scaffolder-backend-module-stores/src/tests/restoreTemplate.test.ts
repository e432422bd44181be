import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import {
  backupRefSchema,
  STORE_ENTITY_TYPES,
  STORE_NAME_MAX_LENGTH,
  STORE_NAME_MIN_LENGTH,
  STORE_NAME_PATTERN,
} from '@internal/plugin-stores-common';
import { DEFAULT_STORE_PLANS } from '@internal/plugin-stores-node';
import { validate } from 'jsonschema';
import { loadTemplate } from '../__testUtils__/templates';

/*
 * templates/restore-store: its form against the backend's rules (jsonschema,
 * the validator the scaffolder runs on every task's parameters), and the
 * steps it runs. Its run through the real scaffolder is
 * restoreTemplate.integration.test.ts.
 */

describe('templates/restore-store', () => {
  const template = loadTemplate('restore-store');
  const spec = template.spec as any;
  const parameters = spec.parameters as any[];
  const isValid = (values: object) =>
    parameters.every(step => validate(values, step).valid);
  const valid = {
    source: 'resource:default/summer-sale',
    backup: 'summer-sale-manual-1',
    name: 'summer-copy',
    owner: 'group:default/team-a',
    plan: 'small',
  };

  it("is a valid v1beta3 template that picks every engine's store entities", async () => {
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
      true,
    );
    expect(template.metadata.title).toBe('Restore a store from a backup');
    const source = parameters[0].properties.source;
    expect(source['ui:field']).toBe('EntityPicker');
    expect(source['ui:options'].catalogFilter).toEqual([
      { kind: 'Resource', 'spec.type': [...STORE_ENTITY_TYPES] },
    ]);
  });

  it("asks for the new store's name with the backend's rules and offers the built-in plans", () => {
    const name = parameters[1].properties.name;
    expect(name.pattern).toBe(STORE_NAME_PATTERN);
    expect(name.minLength).toBe(STORE_NAME_MIN_LENGTH);
    expect(name.maxLength).toBe(STORE_NAME_MAX_LENGTH);
    expect(name['ui:field']).toBe('StoreName');
    expect(parameters[1].properties.owner['ui:field']).toBe('StoreOwner');
    expect(parameters[1].properties.plan.enum).toEqual(
      Object.keys(DEFAULT_STORE_PLANS),
    );
    expect(isValid(valid)).toBe(true);
    expect(isValid({ ...valid, name: 'Summer' })).toBe(false);
    expect(isValid({ ...valid, plan: 'huge' })).toBe(false);
  });

  it.each(['nightly-1', 'summer-sale-manual-1', 'a', 'x'.repeat(63)])(
    'accepts the backup name %j like the backend does',
    backup => {
      expect(backupRefSchema.safeParse({ store: 's', backup }).success).toBe(
        true,
      );
      expect(isValid({ ...valid, backup })).toBe(true);
    },
  );

  it.each(['Nightly-1', 'nightly_1', '-nightly', 'nightly-', 'x'.repeat(64)])(
    'refuses the backup name %j like the backend does',
    backup => {
      expect(backupRefSchema.safeParse({ store: 's', backup }).success).toBe(
        false,
      );
      expect(isValid({ ...valid, backup })).toBe(false);
    },
  );

  it('needs the source store, the backup, the new name and the owner', () => {
    for (const key of ['source', 'backup', 'name', 'owner']) {
      const { [key as keyof typeof valid]: _left, ...rest } = valid;
      expect({ key, valid: isValid(rest) }).toEqual({ key, valid: false });
    }
  });

  it("creates the store with fromBackup (the source's engine) and waits for it", () => {
    expect(spec.steps.map((s: any) => [s.action, s.input])).toEqual([
      [
        'stores:create',
        {
          name: '${{ parameters.name }}',
          displayName: '${{ parameters.displayName }}',
          owner: '${{ parameters.owner }}',
          plan: '${{ parameters.plan }}',
          fromBackup: {
            store: '${{ parameters.source }}',
            backup: '${{ parameters.backup }}',
          },
        },
      ],
      [
        'stores:wait',
        { storeId: "${{ steps['create-store'].output.storeId }}" },
      ],
    ]);
    expect(spec.steps[1].if).toBe('${{ parameters.waitForReady }}');
  });
});

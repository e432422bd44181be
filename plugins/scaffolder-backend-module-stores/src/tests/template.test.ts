import {
  RESERVED_STORE_NAMES,
  STORE_NAME_MAX_LENGTH,
  STORE_NAME_MIN_LENGTH,
  STORE_NAME_PATTERN,
  STORE_ENTITY_TYPES,
  validateStoreName,
} from '@internal/plugin-stores-common';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { validate } from 'jsonschema';
import { loadTemplate } from '../__testUtils__/templates';

/*
 * The form must apply the backend's name rules. These tests hold the
 * template's JSON schema to the constants of @internal/plugin-stores-common
 * and check it with jsonschema, the validator the scaffolder backend runs on
 * the parameters of every task and dry run.
 */
describe('templates/woocommerce-store', () => {
  const template = loadTemplate('woocommerce-store');
  const parameters = (template.spec as any).parameters as any[];
  const nameSchema = parameters[0].properties.name;

  it('is a valid v1beta3 template', async () => {
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
      true,
    );
  });

  it("uses the backend's name rules", () => {
    expect(nameSchema.pattern).toBe(STORE_NAME_PATTERN);
    expect(nameSchema.minLength).toBe(STORE_NAME_MIN_LENGTH);
    expect(nameSchema.maxLength).toBe(STORE_NAME_MAX_LENGTH);
    // Reserved names are checked by the StoreName field and the action, from
    // stores-common; the template does not copy the list.
    expect(nameSchema['ui:field']).toBe('StoreName');
    expect(nameSchema.not).toBeUndefined();
  });

  const validValues = {
    name: 'summer-sale',
    owner: 'group:default/team-a',
    plan: 'small',
  };
  const isValid = (values: object) =>
    parameters.every(step => validate(values, step).valid);

  it.each(['summer-sale', 'a1b', 'shop2', 'x'.repeat(STORE_NAME_MAX_LENGTH)])(
    'accepts %j like the backend does',
    name => {
      expect(validateStoreName(name)).toBeUndefined();
      expect(isValid({ ...validValues, name })).toBe(true);
    },
  );

  it.each([
    '1shop',
    'Shop',
    'shop-',
    '-shop',
    'ab',
    'shop_1',
    'shop.example',
    'x'.repeat(STORE_NAME_MAX_LENGTH + 1),
  ])('refuses %j like the backend does', name => {
    expect(validateStoreName(name)).toBeDefined();
    expect(isValid({ ...validValues, name })).toBe(false);
  });

  it.each(['admin', 'www', 'kube-foo'])(
    'leaves the reserved name %j to the StoreName field and the action (stores-common)',
    name => {
      expect(
        RESERVED_STORE_NAMES.includes(name) || name.startsWith('kube-'),
      ).toBe(true);
      expect(validateStoreName(name)).toBeDefined();
      expect(isValid({ ...validValues, name })).toBe(true);
    },
  );

  it('needs an owner and offers only the plans the backend ships', () => {
    expect(isValid({ name: 'summer-sale' })).toBe(false);
    expect(isValid({ ...validValues, plan: 'huge' })).toBe(false);
    expect(parameters[1].properties.plan.enum).toEqual(['small', 'medium']);
  });

  it('waits only when asked to', () => {
    const steps = (template.spec as any).steps;
    expect(steps.map((s: any) => s.action)).toEqual([
      'stores:create',
      'stores:wait',
    ]);
    expect(steps[1].if).toBe('${{ parameters.waitForReady }}');
  });
});

describe('templates/delete-woocommerce-store', () => {
  const template = loadTemplate('delete-woocommerce-store');

  it("is a valid v1beta3 template that picks every engine's store entities", async () => {
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
      true,
    );
    const store = (template.spec as any).parameters[0].properties.store;
    expect(store['ui:field']).toBe('EntityPicker');
    expect(store['ui:options'].catalogFilter).toEqual([
      { kind: 'Resource', 'spec.type': [...STORE_ENTITY_TYPES] },
    ]);
    expect((template.spec as any).steps[0].action).toBe('stores:delete');
  });

  it('needs the confirmation ticked and the name typed', () => {
    const parameters = (template.spec as any).parameters as any[];
    const values = {
      store: 'resource:default/summer-sale',
      confirmName: 'summer-sale',
    };
    const isValid = (v: object) => parameters.every(p => validate(v, p).valid);
    expect(isValid({ ...values, confirm: true })).toBe(true);
    expect(isValid({ ...values, confirm: false })).toBe(false);
    expect(isValid(values)).toBe(false);
    expect(isValid({ store: values.store, confirm: true })).toBe(false);
  });

  it('is listed after the create template (the Create page sorts by name)', () => {
    const names = [
      template.metadata.name,
      loadTemplate('woocommerce-store').metadata.name,
    ].sort();
    expect(names).toEqual(['woocommerce-store', template.metadata.name]);
  });

  it('starts with the box unticked and passes only the ticked box to stores:delete', () => {
    const properties = (template.spec as any).parameters[0].properties;
    expect(properties.confirm).not.toHaveProperty('const');
    expect(properties.confirm).not.toHaveProperty('default');
    expect(properties.confirmName['ui:field']).toBe('StoreNameConfirmation');
    expect((template.spec as any).steps[0].input.confirm).toBe(
      '${{ parameters.confirm }}',
    );
  });
});

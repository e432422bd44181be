import { normalizeOwnerRef, storeEntityRef } from './entityRefs';

describe('normalizeOwnerRef', () => {
  it('lowercases and fills in the default namespace', () => {
    expect(normalizeOwnerRef(' Group:Team-A ')).toBe('group:default/team-a');
    expect(normalizeOwnerRef('user:Ops/Alice')).toBe('user:ops/alice');
    expect(normalizeOwnerRef('group:default/team-a')).toBe(
      'group:default/team-a',
    );
  });

  it('uses the default kind when given, and needs a kind otherwise', () => {
    expect(normalizeOwnerRef('team-a', { defaultKind: 'group' })).toBe(
      'group:default/team-a',
    );
    expect(() => normalizeOwnerRef('team-a')).toThrow('missing or empty kind');
  });
});

describe('storeEntityRef', () => {
  it('is the Resource in the default namespace named after the store', () => {
    expect(storeEntityRef('shop-one')).toBe('resource:default/shop-one');
  });
});

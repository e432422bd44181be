import { mockServices } from '@backstage/backend-test-utils';
import { readStoreAccessConfig } from './access';

const read = (access?: object) =>
  readStoreAccessConfig(
    mockServices.rootConfig({ data: access ? { stores: { access } } : {} }),
  );

describe('readStoreAccessConfig', () => {
  it('defaults to reads open to all and no admin group', () => {
    expect(read()).toEqual({ read: 'all', adminGroup: undefined });
  });

  it('normalizes the admin group, group kind and default namespace when missing', () => {
    expect(read({ read: 'owners', adminGroup: 'Platform-Team' })).toEqual({
      read: 'owners',
      adminGroup: 'group:default/platform-team',
    });
  });

  it('refuses an unknown read mode, naming the key', () => {
    expect(() => read({ read: 'everyone' })).toThrow(
      'Invalid stores configuration: stores.access.read must be one of all, owners, not "everyone"',
    );
  });

  it('refuses an admin "group" of another kind', () => {
    expect(() => read({ adminGroup: 'user:default/jane' })).toThrow(
      'stores.access.adminGroup must name a group, not user:default/jane',
    );
  });
});

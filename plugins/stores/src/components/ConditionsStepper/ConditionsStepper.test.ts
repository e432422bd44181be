import { conditionLabel } from './ConditionsStepper';

describe('conditionLabel', () => {
  it.each([
    ['NamespaceReady', 'Namespace ready'],
    ['DatabaseReady', 'Database ready'],
    ['WordPressReady', 'WordPress ready'],
    ['BootstrapComplete', 'Bootstrap complete'],
    ['WooCommerceInstalled', 'WooCommerce installed'],
    ['TLSReady', 'TLS ready'],
    ['Ready', 'Ready'],
  ])('%s → %s', (type, label) => {
    expect(conditionLabel(type)).toBe(label);
  });
});

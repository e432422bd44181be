import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import storesPlugin from './index';

describe('storesPlugin', () => {
  it('refuses to start when no engine module is installed', async () => {
    await expect(
      startTestBackend({
        features: [
          storesPlugin,
          mockServices.rootConfig.factory({
            data: { stores: { reconciler: { enabled: false } } },
          }),
        ],
      }),
    ).rejects.toThrow(
      /No store engine is installed: add an engine module to the backend, for example backend\.add\(import\('@internal\/plugin-stores-backend-module-woocommerce'\)\)/,
    );
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clusterAvailable } from './cluster';

describe('clusterAvailable', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  function env(vars: Record<string, string | undefined>) {
    process.env = { ...saved };
    delete process.env.STORES_TEST_CLUSTER;
    delete process.env.KUBECONFIG;
    delete process.env.STORES_TEST_REQUIRE_CLUSTER;
    for (const [key, value] of Object.entries(vars)) {
      if (value !== undefined) process.env[key] = value;
    }
  }

  it('needs STORES_TEST_CLUSTER and a readable KUBECONFIG', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stores-test-utils-'));
    const kubeconfig = path.join(dir, 'config');
    fs.writeFileSync(kubeconfig, '');
    try {
      env({ STORES_TEST_CLUSTER: '1', KUBECONFIG: kubeconfig });
      expect(clusterAvailable()).toBe(true);
      env({ KUBECONFIG: kubeconfig });
      expect(clusterAvailable()).toBe(false);
      env({ STORES_TEST_CLUSTER: '1', KUBECONFIG: path.join(dir, 'none') });
      expect(clusterAvailable()).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('throws instead of skipping when the cluster is required', () => {
    env({ STORES_TEST_REQUIRE_CLUSTER: '1' });
    expect(() => clusterAvailable()).toThrow('scripts/with-cluster');
  });
});

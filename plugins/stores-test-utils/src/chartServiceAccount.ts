import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type ChartObject, oneOf, renderChart } from './chart';

const run = promisify(execFile);

/** Where the chart's RBAC is installed for the tests (one copy per cluster, shared by every suite). */
export const TEST_CHART_NAMESPACE = 'stores-portal-test';
const TEST_RELEASE = 'portal';

/** The rendered objects that decide what the backend's account may do. */
const RBAC_KINDS = new Set([
  'ServiceAccount',
  'ClusterRole',
  'ClusterRoleBinding',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
]);

export interface ChartServiceAccount {
  /** A kubeconfig file with the test cluster's server and the account's token. */
  kubeconfigPath: string;
  /** The user name the API server knows the account by. */
  user: string;
  /** The account's namespace (not a store namespace). */
  namespace: string;
  /** The bearer token (from the TokenRequest API). */
  token: string;
  /** The cluster's URL and CA, for direct requests. */
  server: string;
  caData: string;
  /** The rendered ClusterRole the account is bound to (as applied). */
  clusterRole: ChartObject;
}

function kubectl(
  args: string[],
  input?: string,
): Promise<{ stdout: string; stderr: string }> {
  const binary = process.env.KUBECTL || 'kubectl';
  if (input === undefined) {
    return run(binary, ['--request-timeout=30s', ...args], {
      maxBuffer: 16 * 1024 * 1024,
    });
  }
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--request-timeout=30s', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve({ stdout, stderr })
        : reject(
            new Error(`kubectl ${args.join(' ')} exited ${code}: ${stderr}`),
          ),
    );
    child.stdin.end(input);
  });
}

/** One account per set of chart values, per process. */
const installed = new Map<string, Promise<ChartServiceAccount>>();

/**
 * The chart's ServiceAccount on the test cluster (`KUBECONFIG`, the admin's):
 * applies the rendered ServiceAccount, ClusterRole, binding and admission
 * policy (server-side apply, so concurrent suites agree), requests a token
 * with the TokenRequest API (`kubectl create token`) and writes a kubeconfig
 * for it. Resolves once the role and the policy are in force. The same
 * account serves every suite of the process that asks with the same values;
 * the objects stay on the cluster (scripts/with-cluster's cluster goes away
 * after the run).
 */
export function chartServiceAccount(
  options: {
    /**
     * Chart values (`--set` pairs) that change the account's rights, e.g.
     * `stores.tls.secretName` (a backend configured with a TLS Secret may
     * read that name too). Other values get a release of their own.
     */
    values?: Record<string, string>;
  } = {},
): Promise<ChartServiceAccount> {
  const values = options.values ?? {};
  const key = JSON.stringify(Object.entries(values).sort());
  let account = installed.get(key);
  if (!account) {
    const release =
      Object.keys(values).length === 0
        ? TEST_RELEASE
        : `${TEST_RELEASE}-${createHash('sha256')
            .update(key)
            .digest('hex')
            .slice(0, 8)}`;
    account = install(release, values).catch(error => {
      installed.delete(key);
      throw error;
    });
    installed.set(key, account);
  }
  return account;
}

async function install(
  release: string,
  values: Record<string, string>,
): Promise<ChartServiceAccount> {
  const namespace = TEST_CHART_NAMESPACE;
  const objects = (await renderChart({ release, namespace, values })).filter(
    o => RBAC_KINDS.has(o.kind),
  );
  const serviceAccount = objects.find(o => o.kind === 'ServiceAccount');
  if (!serviceAccount) {
    throw new Error('the chart renders no ServiceAccount');
  }
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
      ...objects.map(o => ({
        ...o,
        metadata: {
          ...o.metadata,
          ...(o.kind === 'ServiceAccount' ? { namespace } : {}),
        },
      })),
    ],
  };
  await kubectl(
    [
      'apply',
      '--server-side',
      '--force-conflicts',
      '--field-manager=stores-test-utils',
      '-f',
      '-',
    ],
    JSON.stringify(list),
  );
  const name = serviceAccount.metadata.name;
  const user = `system:serviceaccount:${namespace}:${name}`;
  const { stdout: token } = await kubectl([
    '-n',
    namespace,
    'create',
    'token',
    name,
    '--duration=4h',
  ]);
  const { stdout: view } = await kubectl([
    'config',
    'view',
    '--raw',
    '--minify',
    '-o',
    'json',
  ]);
  const admin = JSON.parse(view);
  const cluster = admin.clusters[0].cluster;
  // The admin's context name, so a suite that names the context
  // (STORES_TEST_KUBE_CONTEXT) finds it here too.
  const contextName: string = admin['current-context'] || 'chart-sa';
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'test', cluster }],
    users: [{ name: 'chart-sa', user: { token: token.trim() } }],
    contexts: [
      {
        name: contextName,
        context: { cluster: 'test', user: 'chart-sa', namespace },
      },
    ],
    'current-context': contextName,
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stores-chart-sa-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfigPath, JSON.stringify(kubeconfig), {
    mode: 0o600,
  });
  const account: ChartServiceAccount = {
    kubeconfigPath,
    user,
    namespace,
    token: token.trim(),
    server: cluster.server,
    caData: cluster['certificate-authority-data'],
    clusterRole: oneOf(objects, 'ClusterRole'),
  };
  await untilInForce(account);
  return account;
}

/**
 * The API server applies RBAC and admission policies from its watch caches,
 * a moment after they are stored: wait (bounded) until the account may list
 * namespaces and the policy refuses its dry-run write outside a store
 * namespace.
 */
async function untilInForce(account: ChartServiceAccount) {
  const as = ['--kubeconfig', account.kubeconfigPath];
  const service = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'policy-probe', namespace: account.namespace },
    spec: { ports: [{ port: 80 }] },
  });
  let last = '';
  for (let attempt = 0; attempt < 120; attempt++) {
    const canList = await kubectl([
      ...as,
      'auth',
      'can-i',
      'list',
      'namespaces',
    ])
      .then(r => r.stdout.trim() === 'yes')
      .catch(() => false);
    if (canList) {
      const probe = await kubectl(
        [...as, 'create', '--dry-run=server', '-f', '-'],
        service,
      ).then(
        () => 'admitted',
        (error: Error) => error.message,
      );
      if (probe.includes('ValidatingAdmissionPolicy')) {
        return;
      }
      last = probe;
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(
    `the chart's RBAC and admission policy are not in force for ${account.user} after 60 s (last probe: ${last})`,
  );
}

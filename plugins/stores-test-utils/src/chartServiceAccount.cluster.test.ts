import https from 'node:https';
import { describeWithCluster } from '@internal/plugin-stores-node/testUtils';
import {
  type ChartServiceAccount,
  chartServiceAccount,
} from './chartServiceAccount';

/* The chart's ServiceAccount against the real API server (its token from the
 * TokenRequest API): what the ClusterRole leaves out is refused (403), and
 * the admission policy keeps its writes in store namespaces. */

jest.setTimeout(120_000);

const STORE_NAMESPACE_LABELS = {
  'app.kubernetes.io/managed-by': 'backstage-stores',
  'pod-security.kubernetes.io/enforce': 'restricted',
};

/** One request as the account; resolves with the status and the body's message. */
function request(
  account: ChartServiceAccount,
  method: string,
  path: string,
  body?: object,
): Promise<{ status: number; message: string }> {
  const url = new URL(path, account.server);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca: Buffer.from(account.caData, 'base64'),
        headers: {
          authorization: `Bearer ${account.token}`,
          'content-type':
            method === 'PATCH'
              ? 'application/merge-patch+json'
              : 'application/json',
        },
        timeout: 30_000,
      },
      res => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () => {
          let message = '';
          try {
            message = JSON.parse(text).message ?? '';
          } catch {
            message = text;
          }
          resolve({ status: res.statusCode ?? 0, message });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${path} timed out`)),
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

function service(namespace: string) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'chart-test', namespace },
    spec: { ports: [{ port: 80 }] },
  };
}

describeWithCluster("the chart's ServiceAccount", () => {
  let account: ChartServiceAccount;
  const storeNamespace = `store-chart-sa-${process.pid}`;

  beforeAll(async () => {
    account = await chartServiceAccount();
  });

  afterAll(async () => {
    // The account may delete the store namespace it made (and nothing else).
    if (account) {
      await request(account, 'DELETE', `/api/v1/namespaces/${storeNamespace}`);
    }
  });

  it('is refused what the ClusterRole leaves out (403)', async () => {
    const refused: Array<[string, string]> = [
      // Secrets across the cluster, or by another name.
      ['GET', '/api/v1/secrets'],
      ['GET', `/api/v1/namespaces/${account.namespace}/secrets`],
      ['GET', '/api/v1/namespaces/kube-system/secrets/any-name'],
      // Kinds the portal never touches.
      ['GET', '/api/v1/configmaps'],
      ['GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles'],
      ['GET', '/api/v1/nodes'],
      // Verbs it never uses: update (PUT) and deletecollection.
      ['DELETE', `/api/v1/namespaces/${account.namespace}/services`],
    ];
    for (const [method, path] of refused) {
      const answer = await request(account, method, path);
      expect({ method, path, status: answer.status }).toEqual({
        method,
        path,
        status: 403,
      });
    }
    const update = await request(
      account,
      'PUT',
      `/api/v1/namespaces/${account.namespace}`,
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: account.namespace },
      },
    );
    expect(update.status).toBe(403);
  });

  it('may do what the reconciler does: watch its kinds, read the generated Secret by name', async () => {
    const allowed = [
      '/api/v1/namespaces?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dbackstage-stores',
      '/apis/apps/v1/deployments',
      '/api/v1/pods',
      '/api/v1/secrets?fieldSelector=metadata.name%3Dstore-credentials',
    ];
    for (const path of allowed) {
      const answer = await request(account, 'GET', path);
      expect({ path, status: answer.status }).toEqual({ path, status: 200 });
    }
  });

  it('writes only in store namespaces (admission policy)', async () => {
    // Allowed by RBAC, refused by the policy: a Service outside a store namespace.
    const outside = await request(
      account,
      'POST',
      `/api/v1/namespaces/${account.namespace}/services`,
      service(account.namespace),
    );
    expect(outside.status).toBe(403);
    expect(outside.message).toContain('may write only in store namespaces');

    // A namespace without the store labels cannot be made, nor another
    // namespace deleted (a dry run: the policy answers all the same).
    const plain = await request(account, 'POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: `${storeNamespace}-plain` },
    });
    expect(plain.status).toBe(403);
    expect(plain.message).toContain('only store namespaces');
    const deleteOther = await request(
      account,
      'DELETE',
      `/api/v1/namespaces/${account.namespace}?dryRun=All`,
    );
    expect(deleteOther.status).toBe(403);
    expect(deleteOther.message).toContain('only store namespaces');

    // A store namespace, and a Service in it: admitted.
    const created = await request(account, 'POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: storeNamespace, labels: STORE_NAMESPACE_LABELS },
    });
    expect(created.status).toBe(201);
    const inside = await request(
      account,
      'POST',
      `/api/v1/namespaces/${storeNamespace}/services`,
      service(storeNamespace),
    );
    expect(inside.status).toBe(201);

    // It cannot take the store labels off (and so leave the namespace open).
    const unlabel = await request(
      account,
      'PATCH',
      `/api/v1/namespaces/${storeNamespace}?fieldManager=chart-test`,
      {
        metadata: {
          labels: { 'pod-security.kubernetes.io/enforce': 'privileged' },
        },
      },
    );
    expect(unlabel.status).toBe(403);
  });
});

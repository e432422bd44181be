import { type ChartObject, oneOf, renderChart } from './chart';
import { broadGrants, clusterRoleRules as rulesOf } from './clusterRoleRules';

/* What the chart promises, read from its rendered objects (helm template);
 * chartServiceAccount.cluster.test.ts checks the same account against a
 * real API server. */

jest.setTimeout(60_000);

describe('charts/stores-portal', () => {
  let objects: ChartObject[];
  beforeAll(async () => {
    objects = await renderChart({ namespace: 'portal-ns' });
  });

  it('grants no wildcard, escalate, bind, impersonate or non-resource URL', () => {
    const rules = rulesOf(oneOf(objects, 'ClusterRole'));
    expect(rules.length).toBeGreaterThan(0);
    expect(broadGrants(rules)).toEqual([]);
    for (const rule of rules) {
      expect(rule.resources ?? []).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/\*|\//)]),
      );
    }
  });

  it('reads Secrets only by name: no get, list or watch without resourceNames', () => {
    const secretRules = rulesOf(oneOf(objects, 'ClusterRole')).filter(r =>
      r.resources?.includes('secrets'),
    );
    expect(secretRules.length).toBeGreaterThan(0);
    const readRules = secretRules.filter(r =>
      r.verbs.some(v => ['get', 'list', 'watch'].includes(v)),
    );
    expect(readRules.length).toBeGreaterThan(0);
    for (const rule of readRules) {
      // The generated Secret and a rotation's temporary one.
      expect(rule.resourceNames).toEqual([
        'store-credentials',
        'store-credentials-rotation',
      ]);
    }
    // The only Secret verb without names is create (RBAC cannot name what
    // does not exist yet; the admission policy keeps it to store namespaces).
    const unnamed = secretRules.filter(r => !r.resourceNames?.length);
    expect(unnamed.flatMap(r => r.verbs)).toEqual(['create']);
  });

  it('adds the TLS Secret to the readable names only when it is configured', async () => {
    const withTls = await renderChart({
      values: { 'stores.tls.secretName': 'wildcard-tls' },
    });
    const named = rulesOf(oneOf(withTls, 'ClusterRole')).find(
      r => r.resources?.includes('secrets') && r.resourceNames,
    );
    expect(named?.resourceNames).toEqual([
      'store-credentials',
      'store-credentials-rotation',
      'wildcard-tls',
    ]);
  });

  it('binds the role to the ServiceAccount the pods run as', () => {
    const account = oneOf(objects, 'ServiceAccount');
    const binding = oneOf(objects, 'ClusterRoleBinding');
    const deployment = oneOf(objects, 'Deployment');
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: oneOf(objects, 'ClusterRole').metadata.name,
    });
    expect(binding.subjects).toEqual([
      {
        kind: 'ServiceAccount',
        name: account.metadata.name,
        namespace: 'portal-ns',
      },
    ]);
    expect(deployment.spec.template.spec.serviceAccountName).toBe(
      account.metadata.name,
    );
  });

  it('confines the account by an admission policy matching its user name', () => {
    const policy = oneOf(objects, 'ValidatingAdmissionPolicy');
    const binding = oneOf(objects, 'ValidatingAdmissionPolicyBinding');
    const account = oneOf(objects, 'ServiceAccount');
    expect(policy.spec.matchConditions).toEqual([
      {
        name: 'portal-service-account',
        expression: `request.userInfo.username == 'system:serviceaccount:portal-ns:${account.metadata.name}'`,
      },
    ]);
    expect(binding.spec).toEqual({
      policyName: policy.metadata.name,
      validationActions: ['Deny'],
    });
  });

  it('runs 2 replicas that pass Pod Security restricted, probed without a token', () => {
    const deployment = oneOf(objects, 'Deployment');
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    for (const container of [...pod.initContainers, ...pod.containers]) {
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
    }
    const [backend] = pod.containers;
    expect(backend.livenessProbe.httpGet.path).toBe('/api/stores/health');
    expect(backend.readinessProbe.httpGet.path).toBe('/api/stores/ready');
    // The PostgreSQL connection comes from the existing Secret only.
    const password = backend.env.find(
      (e: any) => e.name === 'POSTGRES_PASSWORD',
    );
    expect(password.valueFrom.secretKeyRef).toEqual({
      name: 'portal-postgresql',
      key: 'password',
    });
  });

  it('refuses to render without the PostgreSQL Secret', async () => {
    await expect(
      renderChart({ values: { 'postgresql.existingSecret': '' } }),
    ).rejects.toThrow('postgresql.existingSecret is required');
  });
});

import { broadGrants } from './clusterRoleRules';

describe('broadGrants', () => {
  it('finds wildcards, escalating verbs and non-resource URLs', () => {
    expect(
      broadGrants([
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
        { apiGroups: ['*'], resources: ['pods'], verbs: ['list'] },
        { apiGroups: [''], resources: ['*'], verbs: ['*'] },
        {
          apiGroups: ['rbac.authorization.k8s.io'],
          resources: ['roles'],
          verbs: ['bind', 'escalate'],
        },
        { apiGroups: [''], resources: ['users'], verbs: ['impersonate'] },
        { verbs: ['get'], nonResourceURLs: ['/metrics'] },
        {
          apiGroups: [''],
          resources: ['secrets'],
          resourceNames: ['*'],
          verbs: ['get'],
        },
      ]),
    ).toEqual([
      "rule 1: '*' in apiGroups",
      "rule 2: '*' in resources",
      "rule 2: '*' in verbs",
      'rule 3: verb escalate',
      'rule 3: verb bind',
      'rule 4: verb impersonate',
      'rule 5: nonResourceURLs',
      "rule 6: '*' in resourceNames",
    ]);
  });
});

import { withAppliedHash } from './appliedHash';
import { driftOf, FieldSet, hasDrift, ownedFields } from './drift';
import type { KubeObject } from './KubernetesClient';

const desired = withAppliedHash({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'wordpress',
    namespace: 'store-a',
    labels: { 'app.kubernetes.io/name': 'wordpress', tier: 'web' },
  },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'wordpress' } },
    template: {
      metadata: { labels: { app: 'wordpress' } },
      spec: {
        containers: [
          {
            name: 'wordpress',
            image: 'wordpress:6.8',
            ports: [{ containerPort: 80 }],
            env: [{ name: 'A', value: 'b' }],
          },
        ],
        volumes: [{ name: 'content', emptyDir: {} }],
      },
    },
  },
});

/** The Apply entry the API server (1.34) records for `desired`, as seen on the local cluster. */
function appliedFields(): FieldSet {
  return {
    'f:metadata': {
      'f:annotations': { 'f:stores.backstage.io/applied-hash': {} },
      'f:labels': { 'f:app.kubernetes.io/name': {}, 'f:tier': {} },
    },
    'f:spec': {
      'f:replicas': {},
      'f:selector': {},
      'f:template': {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:containers': {
            'k:{"name":"wordpress"}': {
              '.': {},
              'f:env': {
                'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} },
              },
              'f:image': {},
              'f:name': {},
              'f:ports': {
                'k:{"containerPort":80,"protocol":"TCP"}': {
                  '.': {},
                  'f:containerPort': {},
                },
              },
            },
          },
          'f:volumes': {
            'k:{"name":"content"}': { '.': {}, 'f:emptyDir': {}, 'f:name': {} },
          },
        },
      },
    },
  };
}

function live(
  fields: FieldSet,
  extraEntries: object[] = [],
  object: KubeObject = desired,
): KubeObject {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      managedFields: [
        {
          manager: 'backstage-stores',
          operation: 'Apply',
          fieldsType: 'FieldsV1',
          fieldsV1: fields,
        },
        ...extraEntries,
      ],
    },
    status: { readyReplicas: 1 },
  };
}

function without(fields: FieldSet, path: string[]): FieldSet {
  const copy = JSON.parse(JSON.stringify(fields));
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  delete node[path[path.length - 1]];
  return copy;
}

describe('driftOf', () => {
  it('finds nothing when our manager owns every desired field and the hash matches', () => {
    const drift = driftOf(desired, live(appliedFields()));
    expect(drift).toEqual({ desiredChanged: false, fields: [] });
    expect(hasDrift(drift)).toBe(false);
  });

  it.each([
    ['a scale to 0', ['f:spec', 'f:replicas'], 'spec.replicas'],
    [
      'a removed label',
      ['f:metadata', 'f:labels', 'f:app.kubernetes.io/name'],
      'metadata.labels["app.kubernetes.io/name"]',
    ],
    [
      'a changed image',
      [
        'f:spec',
        'f:template',
        'f:spec',
        'f:containers',
        'k:{"name":"wordpress"}',
        'f:image',
      ],
      'spec.template.spec.containers[name=wordpress].image',
    ],
    [
      'a changed env value',
      [
        'f:spec',
        'f:template',
        'f:spec',
        'f:containers',
        'k:{"name":"wordpress"}',
        'f:env',
        'k:{"name":"A"}',
        'f:value',
      ],
      'spec.template.spec.containers[name=wordpress].env[name=A].value',
    ],
    [
      'a removed hash annotation',
      ['f:metadata', 'f:annotations'],
      'metadata.annotations',
    ],
  ])('names the field after %s', (_what, path, expected) => {
    const drift = driftOf(desired, live(without(appliedFields(), path)));
    expect(drift.fields).toEqual([expected]);
    expect(hasDrift(drift)).toBe(true);
  });

  it('sees an atomic list taken over by someone else (NetworkPolicy ingress loosened)', () => {
    const policy = withAppliedHash({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow', namespace: 'store-a' },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { a: 'b' } } }] }],
      },
    });
    const ours = {
      'f:metadata': {
        'f:annotations': { 'f:stores.backstage.io/applied-hash': {} },
      },
      'f:spec': { 'f:podSelector': {}, 'f:policyTypes': {}, 'f:ingress': {} },
    };
    expect(driftOf(policy, live(ours, [], policy)).fields).toEqual([]);
    const patched = live(
      without(ours, ['f:spec', 'f:ingress']),
      [
        {
          manager: 'kubectl-patch',
          operation: 'Update',
          fieldsV1: { 'f:spec': { 'f:ingress': {} } },
        },
      ],
      policy,
    );
    expect(driftOf(policy, patched).fields).toEqual(['spec.ingress']);
  });

  it('needs an empty map only when someone else owns it (a create does not record it)', () => {
    const policy = withAppliedHash({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: 'store-a' },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    const created = {
      'f:metadata': {
        'f:annotations': {
          '.': {},
          'f:stores.backstage.io/applied-hash': {},
        },
      },
      'f:spec': { 'f:policyTypes': {} },
    };
    expect(driftOf(policy, live(created, [], policy)).fields).toEqual([]);
    const narrowed = live(
      created,
      [
        {
          manager: 'kubectl-edit',
          operation: 'Update',
          fieldsV1: {
            'f:spec': { 'f:podSelector': { 'f:matchLabels': { 'f:a': {} } } },
          },
        },
      ],
      policy,
    );
    expect(driftOf(policy, narrowed).fields).toEqual(['spec.podSelector']);
  });

  it('reports a change of the desired object through the hash', () => {
    const changed = withAppliedHash({
      ...desired,
      spec: { ...(desired.spec as object), replicas: 2 },
    });
    expect(driftOf(changed, live(appliedFields()))).toEqual({
      desiredChanged: true,
      fields: [],
    });
  });

  it('reports every field when our manager owns nothing (an object we never wrote)', () => {
    const foreign = { ...desired, metadata: { ...desired.metadata } };
    expect(driftOf(desired, foreign).fields).toEqual(['(every field)']);
  });

  it('reads the fields of a create (Update entry) and of later applies together, ignoring subresources', () => {
    const fields = appliedFields();
    const createOnly = without(fields, ['f:spec', 'f:replicas']);
    const object = live(createOnly, [
      {
        manager: 'backstage-stores',
        operation: 'Update',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ]);
    expect(driftOf(desired, object).fields).toEqual([]);
    const statusOnly = live(createOnly, [
      {
        manager: 'backstage-stores',
        operation: 'Update',
        subresource: 'status',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ]);
    expect(driftOf(desired, statusOnly).fields).toEqual(['spec.replicas']);
    expect(ownedFields(statusOnly, 'someone-else')).toBeUndefined();
  });

  it('checks the elements of a set list', () => {
    const object = withAppliedHash({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'store-a', finalizers: ['example.com/keep'] },
    });
    const fields = {
      'f:metadata': {
        'f:annotations': { 'f:stores.backstage.io/applied-hash': {} },
        'f:finalizers': { '.': {}, 'v:"example.com/keep"': {} },
      },
    };
    expect(driftOf(object, live(fields, [], object)).fields).toEqual([]);
    const other = {
      'f:metadata': {
        ...fields['f:metadata'],
        'f:finalizers': { '.': {}, 'v:"example.com/other"': {} },
      },
    };
    expect(driftOf(object, live(other, [], object)).fields).toEqual([
      'metadata.finalizers["example.com/keep"]',
    ]);
  });
});

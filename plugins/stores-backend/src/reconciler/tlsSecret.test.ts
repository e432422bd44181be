import type { KubeObject } from '../kubernetes/KubernetesClient';
import type { ManagedObjectCache } from '../kubernetes/ManagedObjectCache';
import type { WatchedSecret } from '../kubernetes/WatchedSecret';
import type { StoresConfig } from '../types';
import type { DesiredStage } from './desiredState';
import { COPIED_FROM_ANNOTATION, withTlsSecretCopy } from './tlsSecret';

const ingress: KubeObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: {
    name: 'storefront',
    namespace: 'store-shop',
    labels: {
      'stores.backstage.io/store-id': 'id-1',
      'app.kubernetes.io/component': 'ingress',
    },
    annotations: { 'stores.backstage.io/owner': 'group:default/a' },
  },
  spec: { tls: [{ hosts: ['shop.example.com'], secretName: 'wildcard' }] },
};
const service: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'wordpress', namespace: 'store-shop' },
};
const stages: DesiredStage[] = [
  { condition: 'WordPressReady', objects: [service] },
  { condition: 'IngressReady', objects: [ingress] },
];
const config = { settings: { tlsSecretName: 'wildcard' } } as StoresConfig;

function source(secret: KubeObject | undefined, synced = true): WatchedSecret {
  return {
    namespace: 'certificates',
    name: 'wildcard',
    isSynced: () => synced,
    get: () => secret,
  } as unknown as WatchedSecret;
}

function cache(objects: KubeObject[] = []): ManagedObjectCache {
  return {
    get: (
      _apiVersion: string,
      kind: string,
      name: string,
      namespace?: string,
    ) =>
      objects.find(
        o =>
          o.kind === kind &&
          o.metadata.name === name &&
          o.metadata.namespace === namespace,
      ),
  } as unknown as ManagedObjectCache;
}

const wildcard: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'wildcard', namespace: 'certificates' },
  type: 'kubernetes.io/tls',
  data: { 'tls.crt': 'Y3J0', 'tls.key': 'a2V5' },
};

describe('withTlsSecretCopy', () => {
  it('adds the copy to the stage of the Ingress that uses it, labelled like that Ingress', () => {
    const result = withTlsSecretCopy(stages, {
      config,
      cache: cache(),
      tlsSource: source(wildcard),
    });
    expect(result[0]).toBe(stages[0]);
    expect(result[1].waitingFor).toBeUndefined();
    expect(result[1].objects).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'wildcard',
          namespace: 'store-shop',
          labels: {
            'stores.backstage.io/store-id': 'id-1',
            'app.kubernetes.io/component': 'tls',
          },
          annotations: {
            'stores.backstage.io/owner': 'group:default/a',
            [COPIED_FROM_ANNOTATION]: 'certificates/wildcard',
          },
        },
        type: 'kubernetes.io/tls',
        data: { 'tls.crt': 'Y3J0', 'tls.key': 'a2V5' },
      },
      ingress,
    ]);
  });

  it('changes nothing without a configured TLS Secret', () => {
    expect(
      withTlsSecretCopy(stages, {
        config: { settings: {} } as StoresConfig,
        cache: cache(),
        tlsSource: undefined,
      }),
    ).toBe(stages);
  });

  it('makes only the Ingress stage wait while the source is missing or unreadable', () => {
    const missing = withTlsSecretCopy(stages, {
      config,
      cache: cache(),
      tlsSource: source(undefined),
    });
    expect(missing[0]).toBe(stages[0]);
    expect(missing[1]).toEqual({
      ...stages[1],
      waitingFor:
        'TLS Secret certificates/wildcard (stores.tlsSecretName) does not exist',
    });
    const unreadable = withTlsSecretCopy(stages, {
      config,
      cache: cache(),
      tlsSource: source(wildcard, false),
    });
    expect(unreadable[1].waitingFor).toBe(
      'TLS Secret certificates/wildcard (stores.tlsSecretName) cannot be read yet (see the backend log)',
    );
  });

  it('keeps a copy already in the namespace when the source disappears (and keeps it from being pruned)', () => {
    const copy = {
      ...wildcard,
      metadata: { name: 'wildcard', namespace: 'store-shop' },
    };
    const result = withTlsSecretCopy(stages, {
      config,
      cache: cache([copy]),
      tlsSource: source(undefined),
    });
    expect(result[1]).toEqual({
      ...stages[1],
      retained: [
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'wildcard', namespace: 'store-shop' },
        },
      ],
    });
  });
});

import type { KubeObject } from '../kubernetes/KubernetesClient';
import type { WatchedSecret } from '../kubernetes/WatchedSecret';
import type { DesiredStage } from './desiredState';
import type { ReconcileDeps } from './reconcileDeps';

/** On each copy: where its data comes from (`<namespace>/<name>`). */
export const COPIED_FROM_ANNOTATION = 'stores.backstage.io/copied-from';

/**
 * An Ingress can only use a TLS Secret of its own namespace, so the Secret
 * named by `stores.tlsSecretName` is copied from `stores.tlsSecretNamespace`
 * into every store namespace whose Ingress refers to it. The copy joins the
 * stage of that Ingress and is applied like any other object: its applied
 * hash covers the data, so a renewed certificate (the watch on the source
 * enqueues every store) is applied again, and an unchanged one is not.
 *
 * When the source does not exist (or cannot be read, e.g. no RBAC for it):
 * a copy already in the namespace is kept as it is; without one only this
 * stage waits, saying which Secret is missing; the other stages go on.
 */
export function withTlsSecretCopy(
  stages: DesiredStage[],
  deps: Pick<ReconcileDeps, 'config' | 'cache' | 'tlsSource'>,
): DesiredStage[] {
  const source = deps.tlsSource;
  const name = deps.config.settings.tlsSecretName;
  if (!source || !name) {
    return stages;
  }
  return stages.map(stage => {
    const ingress = stage.objects.find(o => usesTlsSecret(o, name));
    const namespace = ingress?.metadata.namespace;
    if (!ingress || !namespace) {
      return stage;
    }
    const live = source.isSynced() ? source.get() : undefined;
    if (!live) {
      if (deps.cache.get('v1', 'Secret', name, namespace)) {
        return {
          ...stage,
          retained: [
            { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace } },
          ],
        };
      }
      const problem = source.isSynced()
        ? 'does not exist'
        : 'cannot be read yet (see the backend log)';
      return {
        ...stage,
        waitingFor: `TLS Secret ${source.namespace}/${name} (stores.tlsSecretName) ${problem}`,
      };
    }
    return {
      ...stage,
      objects: [tlsSecretCopy(ingress, live, source), ...stage.objects],
    };
  });
}

function usesTlsSecret(object: KubeObject, secretName: string): boolean {
  if (object.kind !== 'Ingress') {
    return false;
  }
  const tls = (object.spec as { tls?: Array<{ secretName?: string }> })?.tls;
  return (tls ?? []).some(entry => entry.secretName === secretName);
}

/** The copy: labelled and annotated like the Ingress that uses it. */
function tlsSecretCopy(
  ingress: KubeObject,
  source: KubeObject,
  watched: WatchedSecret,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: watched.name,
      namespace: ingress.metadata.namespace,
      labels: {
        ...ingress.metadata.labels,
        'app.kubernetes.io/component': 'tls',
      },
      annotations: {
        ...ingress.metadata.annotations,
        [COPIED_FROM_ANNOTATION]: `${watched.namespace}/${watched.name}`,
      },
    },
    type: (source.type as string | undefined) ?? 'kubernetes.io/tls',
    data: { ...(source.data as Record<string, string> | undefined) },
  };
}

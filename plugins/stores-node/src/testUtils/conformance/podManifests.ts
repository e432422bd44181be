import type { RenderedObject } from '@internal/plugin-stores-common';
import { renderedClaims, renderedPods, type RenderedPod } from './inspect';

/*
 * The Pods and PersistentVolumeClaims the API server would make from the
 * rendered workloads, as objects of their own: Pod Security admission
 * enforces on Pods only (it merely warns on workloads), and quota counts
 * only what exists, so the kit submits these directly.
 */

function podName(pod: RenderedPod, index: number): string {
  return `${pod.owner.split('/')[1]}-${index}`.toLowerCase();
}

/** The claims of a StatefulSet's replica `index`, as its pods mount them. */
function claimVolumes(
  objects: RenderedObject[],
  pod: RenderedPod,
  index: number,
): Array<Record<string, unknown>> {
  const [kind, name] = pod.owner.split('/');
  if (kind !== 'StatefulSet') return [];
  const statefulSet = objects.find(
    o => o.kind === 'StatefulSet' && o.metadata.name === name,
  )!;
  const templates = ((statefulSet.spec as any).volumeClaimTemplates ??
    []) as Array<{ metadata: { name: string } }>;
  return templates.map(t => ({
    name: t.metadata.name,
    persistentVolumeClaim: { claimName: `${t.metadata.name}-${name}-${index}` },
  }));
}

/** Every pod of the rendered objects (replicas times), in `namespace`. */
export function podManifests(
  objects: RenderedObject[],
  namespace: string,
): RenderedObject[] {
  return renderedPods(objects).flatMap(pod =>
    Array.from({ length: pod.replicas }, (_, index) => {
      const volumes = [
        ...(pod.spec.volumes ?? []),
        ...claimVolumes(objects, pod, index),
      ];
      return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: podName(pod, index),
          namespace,
          labels: { ...pod.metadata.labels },
        },
        spec: { ...pod.spec, ...(volumes.length ? { volumes } : {}) },
      };
    }),
  );
}

/** Every claim of the rendered objects (StatefulSet templates per replica), in `namespace`. */
export function claimManifests(
  objects: RenderedObject[],
  namespace: string,
): RenderedObject[] {
  return renderedClaims(objects).flatMap(claim =>
    Array.from({ length: claim.count }, (_, index) => {
      const [kind, rest] = claim.owner.split('/');
      const name =
        kind === 'StatefulSet'
          ? `${claim.metadata.name}-${rest.split(' ')[0]}-${index}`
          : claim.metadata.name;
      return {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name, namespace, labels: { ...claim.metadata.labels } },
        spec: claim.spec,
      };
    }),
  );
}

/**
 * A pod that sets no resources (as a debugging or client pod would), in
 * every other way fit for `restricted`: the LimitRange must give it its
 * defaults for the quota to admit it.
 */
export function podWithoutResources(namespace: string): RenderedObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'without-resources', namespace },
    spec: {
      automountServiceAccountToken: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'client',
          image: 'client:1',
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
          },
        },
      ],
    },
  };
}

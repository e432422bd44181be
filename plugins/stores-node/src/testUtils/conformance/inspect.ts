import type { RenderedObject } from '@internal/plugin-stores-common';
import type { StoreStage } from '../../engine';

/*
 * Reading rendered objects the way the API server would: which pods a
 * workload makes, which claims they bind, which env values they carry.
 */

type Json = Record<string, any>;

/** One pod a rendered object makes (a workload's template, replicas times). */
export interface RenderedPod {
  /** `Kind/name` of the object it comes from. */
  owner: string;
  metadata: Json;
  spec: Json;
  replicas: number;
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'Job'];

export function allObjects(stages: StoreStage[]): RenderedObject[] {
  return stages.flatMap(stage => stage.objects);
}

export function describeObject(object: RenderedObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

/** The pods of the rendered objects: workloads' templates, bare Pods, CronJobs' job templates. */
export function renderedPods(objects: RenderedObject[]): RenderedPod[] {
  return objects.flatMap((object): RenderedPod[] => {
    const spec = (object.spec ?? {}) as Json;
    const owner = describeObject(object);
    if (object.kind === 'Pod') {
      return [{ owner, metadata: object.metadata, spec, replicas: 1 }];
    }
    if (object.kind === 'CronJob') {
      const template = spec.jobTemplate?.spec?.template ?? {};
      return [
        {
          owner,
          metadata: template.metadata ?? {},
          spec: template.spec ?? {},
          replicas: 1,
        },
      ];
    }
    if (WORKLOAD_KINDS.includes(object.kind)) {
      const template = spec.template ?? {};
      const replicas =
        object.kind === 'Job' ? spec.parallelism ?? 1 : spec.replicas ?? 1;
      return [
        {
          owner,
          metadata: template.metadata ?? {},
          spec: template.spec ?? {},
          replicas,
        },
      ];
    }
    if (object.kind === 'DaemonSet') {
      throw new Error(
        `${owner}: a store must not run a DaemonSet (it would run on every node)`,
      );
    }
    return [];
  });
}

/** The claims the rendered objects make: PVC objects and StatefulSets' claim templates. */
export function renderedClaims(objects: RenderedObject[]): Array<{
  owner: string;
  metadata: Json;
  spec: Json;
  count: number;
}> {
  return objects.flatMap(object => {
    const owner = describeObject(object);
    if (object.kind === 'PersistentVolumeClaim') {
      return [
        {
          owner,
          metadata: object.metadata,
          spec: (object.spec ?? {}) as Json,
          count: 1,
        },
      ];
    }
    if (object.kind === 'StatefulSet') {
      const spec = (object.spec ?? {}) as Json;
      return ((spec.volumeClaimTemplates ?? []) as Json[]).map(template => ({
        owner: `${owner} claim ${template.metadata?.name}`,
        metadata: template.metadata ?? {},
        spec: template.spec ?? {},
        count: spec.replicas ?? 1,
      }));
    }
    return [];
  });
}

/** Every container of a pod, init containers included. */
export function containersOf(pod: RenderedPod): Json[] {
  return [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])];
}

/** Env names that hold credentials: their value must come from a Secret. */
export const SECRET_ENV_NAME =
  /(PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE|SALT|API_?KEY|AUTH_KEY|CREDENTIAL)/i;

/** `scheme://user:password@host` with a literal password (a `$(VAR)` reference is fine). */
const URL_WITH_PASSWORD = /:\/\/[^:/@\s]+:(?!\$\()[^@\s]+@/;

/**
 * Where a rendered object would carry a secret value: Secret data, literal
 * values of credential env vars, or a URL with a literal password.
 */
export function secretLeaks(objects: RenderedObject[]): string[] {
  const leaks: string[] = [];
  for (const object of objects) {
    const what = describeObject(object);
    if (object.kind === 'Secret') {
      const secret = object as Json;
      for (const field of ['data', 'stringData']) {
        if (secret[field] && Object.keys(secret[field]).length > 0) {
          leaks.push(`${what} renders ${field}`);
        }
      }
    }
  }
  for (const pod of renderedPods(objects)) {
    for (const container of containersOf(pod)) {
      for (const env of (container.env ?? []) as Json[]) {
        const where = `${pod.owner} container ${container.name} env ${env.name}`;
        if (typeof env.value !== 'string') continue;
        if (SECRET_ENV_NAME.test(env.name) && env.value !== '') {
          leaks.push(`${where} has a literal value`);
        }
        if (URL_WITH_PASSWORD.test(env.value)) {
          leaks.push(`${where} holds a URL with a literal password`);
        }
      }
    }
  }
  return leaks;
}

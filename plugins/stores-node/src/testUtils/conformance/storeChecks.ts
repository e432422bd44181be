import {
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  STORE_ID_LABEL,
  STORE_SLUG_LABEL,
  type RenderedObject,
} from '@internal/plugin-stores-common';
import type { EngineRenderContext } from '../../engine';
import { storeAnnotations } from '../../rendering';
import { containersOf, describeObject, renderedPods } from './inspect';

/**
 * The labels that tie an object to its store: the reconciler's ownership
 * checks and the Kubernetes plugin read them.
 */
export function storeIdentityLabels(
  ctx: EngineRenderContext,
): Record<string, string> {
  return {
    [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
    [STORE_ID_LABEL]: ctx.store.id,
    [STORE_SLUG_LABEL]: ctx.store.name,
  };
}

/**
 * Objects without the store's labels or its owner's annotation, or outside
 * its namespace.
 */
export function storeLabelProblems(
  ctx: EngineRenderContext,
  objects: RenderedObject[],
): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    const what = describeObject(object);
    const labels = object.metadata.labels ?? {};
    for (const [key, value] of Object.entries(storeIdentityLabels(ctx))) {
      if (labels[key] !== value) {
        problems.push(`${what}: label ${key} is ${labels[key]}, not ${value}`);
      }
    }
    const annotations = object.metadata.annotations ?? {};
    for (const [key, value] of Object.entries(storeAnnotations(ctx.store))) {
      if (annotations[key] !== value) {
        problems.push(
          `${what}: annotation ${key} is ${annotations[key]}, not ${value}`,
        );
      }
    }
    if (object.kind === 'Namespace') {
      if (object.metadata.name !== ctx.namespace) {
        problems.push(`${what}: a store has only its own namespace`);
      }
    } else if (object.metadata.namespace !== ctx.namespace) {
      problems.push(`${what}: not in the store namespace ${ctx.namespace}`);
    }
  }
  return problems;
}

type Json = Record<string, any>;

const RESTRICTED_CAPABILITIES_DROP = 'ALL';

/**
 * What keeps one store from others and from the cluster, checked on the
 * rendered objects (the API server's admission checks the pods again on the
 * cluster): the restricted namespace, the plan's quota and limits, a
 * default-deny policy, no service-account token, and the restricted
 * security settings and explicit resources on every pod and container.
 */
export function checkIsolation(
  ctx: EngineRenderContext,
  objects: RenderedObject[],
): string[] {
  const problems: string[] = [];
  const namespace = objects.find(o => o.kind === 'Namespace');
  if (
    namespace?.metadata.labels?.['pod-security.kubernetes.io/enforce'] !==
    'restricted'
  ) {
    problems.push('the Namespace does not enforce Pod Security restricted');
  }
  const quotas = objects.filter(o => o.kind === 'ResourceQuota');
  if (
    !quotas.some(
      q =>
        JSON.stringify((q.spec as Json)?.hard) ===
        JSON.stringify(ctx.plan.quota),
    )
  ) {
    problems.push(
      `no ResourceQuota with the hard limits of plan ${ctx.plan.name}`,
    );
  }
  if (!objects.some(o => o.kind === 'LimitRange')) {
    problems.push('no LimitRange');
  }
  // Every pod isolated both ways, with at most DNS (port 53) let out.
  const defaultDeny = objects.some(o => {
    const spec = (o.spec ?? {}) as Json;
    const egress: Json[] = spec.egress ?? [];
    return (
      o.kind === 'NetworkPolicy' &&
      Object.keys(spec.podSelector ?? { x: 1 }).length === 0 &&
      ['Ingress', 'Egress'].every(t => (spec.policyTypes ?? []).includes(t)) &&
      !spec.ingress?.length &&
      egress.every(
        rule =>
          rule.ports?.length &&
          rule.ports.every((port: Json) => port.port === 53),
      )
    );
  });
  if (!defaultDeny) {
    problems.push(
      'no NetworkPolicy denying all ingress and all egress but DNS by default',
    );
  }
  for (const pod of renderedPods(objects)) {
    const spec = pod.spec;
    const podSecurity = spec.securityContext ?? {};
    const where = pod.owner;
    if (spec.automountServiceAccountToken !== false) {
      problems.push(`${where}: mounts a service-account token`);
    }
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (spec[field]) problems.push(`${where}: sets ${field}`);
    }
    if (((spec.volumes ?? []) as Json[]).some(volume => volume.hostPath)) {
      problems.push(`${where}: mounts a hostPath`);
    }
    for (const container of containersOf(pod)) {
      const c = `${where} container ${container.name}`;
      const security = container.securityContext ?? {};
      if ((security.runAsNonRoot ?? podSecurity.runAsNonRoot) !== true) {
        problems.push(`${c}: may run as root`);
      }
      if (security.allowPrivilegeEscalation !== false) {
        problems.push(`${c}: allows privilege escalation`);
      }
      if (
        !(security.capabilities?.drop ?? []).includes(
          RESTRICTED_CAPABILITIES_DROP,
        )
      ) {
        problems.push(`${c}: does not drop all capabilities`);
      }
      const seccomp =
        security.seccompProfile?.type ?? podSecurity.seccompProfile?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
        problems.push(`${c}: has no seccomp profile`);
      }
      for (const kind of ['requests', 'limits']) {
        for (const resource of ['cpu', 'memory']) {
          if (!container.resources?.[kind]?.[resource]) {
            problems.push(`${c}: sets no ${resource} ${kind}`);
          }
        }
      }
      if (!container.image) problems.push(`${c}: has no image`);
    }
  }
  return problems;
}

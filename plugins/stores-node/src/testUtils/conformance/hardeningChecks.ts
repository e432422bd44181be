import type { RenderedObject } from '@internal/plugin-stores-common';
import type { EngineRenderContext } from '../../engine';
import { DEFAULT_INTERNAL_CIDRS } from '../../rendering';
import { containersOf, renderedPods } from './inspect';

/*
 * The hardening every store pod and policy keeps beyond Pod Security
 * `restricted`, checked on the rendered objects: bounded ephemeral storage,
 * read-only root filesystems with bounded emptyDirs for what the image
 * writes, explicit pull policies, LimitRange defaults for every resource the
 * quota constrains, and egress that never reaches the internal ranges.
 */

type Json = Record<string, any>;

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

/** Containers without read-only roots, pull policy or ephemeral-storage bounds; emptyDirs without a size limit or a mount. */
export function podHardeningProblems(objects: RenderedObject[]): string[] {
  const problems: string[] = [];
  for (const pod of renderedPods(objects)) {
    const containers = containersOf(pod);
    for (const container of containers) {
      const c = `${pod.owner} container ${container.name}`;
      for (const kind of ['requests', 'limits']) {
        if (!container.resources?.[kind]?.['ephemeral-storage']) {
          problems.push(`${c}: sets no ephemeral-storage ${kind}`);
        }
      }
      if (container.securityContext?.readOnlyRootFilesystem !== true) {
        problems.push(`${c}: has a writable root filesystem`);
      }
      if (!PULL_POLICIES.includes(container.imagePullPolicy)) {
        problems.push(`${c}: sets no imagePullPolicy`);
      }
    }
    const mounted = new Set(
      containers.flatMap(c =>
        ((c.volumeMounts ?? []) as Json[]).map(m => m.name),
      ),
    );
    for (const volume of (pod.spec.volumes ?? []) as Json[]) {
      if (!volume.emptyDir) continue;
      if (!volume.emptyDir.sizeLimit) {
        problems.push(`${pod.owner}: emptyDir ${volume.name} has no sizeLimit`);
      }
      if (!mounted.has(volume.name)) {
        problems.push(
          `${pod.owner}: emptyDir ${volume.name} is mounted nowhere`,
        );
      }
    }
  }
  return problems;
}

/**
 * Resources the quota constrains for which the LimitRange gives no default:
 * a pod that sets none (a debugging or client pod) would be refused (CPU and
 * memory) or count as nothing against the quota (ephemeral storage).
 */
export function limitRangeProblems(objects: RenderedObject[]): string[] {
  const quota = objects.find(o => o.kind === 'ResourceQuota');
  const limitRange = objects.find(o => o.kind === 'LimitRange');
  const container = ((limitRange?.spec as Json)?.limits ?? []).find(
    (l: Json) => l.type === 'Container',
  );
  const problems: string[] = [];
  for (const key of Object.keys((quota?.spec as Json)?.hard ?? {})) {
    const [kind, resource] = key.includes('.')
      ? [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)]
      : ['requests', key];
    if (!['cpu', 'memory', 'ephemeral-storage'].includes(resource)) continue;
    const field = kind === 'limits' ? 'default' : 'defaultRequest';
    if (!container?.[field]?.[resource]) {
      problems.push(
        `the quota constrains ${key} but the LimitRange has no ${field} ${resource}`,
      );
    }
  }
  return problems;
}

function ipv4(address: string): number {
  return address
    .split('.')
    .reduce((value, part) => value * 256 + Number(part), 0);
}

/** Whether IPv4 range `outer` holds all of `inner`. */
export function cidrContains(outer: string, inner: string): boolean {
  const [outerBase, outerBits] = outer.split('/');
  const [innerBase, innerBits] = inner.split('/');
  if (!outerBase.includes('.') || !innerBase.includes('.')) return false;
  const bits = Number(outerBits);
  if (Number(innerBits) < bits) return false;
  const size = 2 ** (32 - bits);
  return (
    Math.floor(ipv4(outerBase) / size) === Math.floor(ipv4(innerBase) / size)
  );
}

/**
 * Egress rules that could reach the internal ranges (the settings', else
 * the defaults): a rule open to every destination, or an ipBlock holding an
 * internal range that its `except` does not exclude.
 */
export function egressProblems(
  ctx: EngineRenderContext,
  objects: RenderedObject[],
): string[] {
  const internal = ctx.settings.internalCidrs ?? DEFAULT_INTERNAL_CIDRS;
  const problems: string[] = [];
  for (const policy of objects.filter(o => o.kind === 'NetworkPolicy')) {
    const what = `NetworkPolicy/${policy.metadata.name}`;
    for (const rule of ((policy.spec as Json)?.egress ?? []) as Json[]) {
      if (!rule.to || rule.to.length === 0) {
        problems.push(`${what}: an egress rule allows every destination`);
        continue;
      }
      for (const peer of rule.to as Json[]) {
        if (!peer.ipBlock) continue;
        const except: string[] = peer.ipBlock.except ?? [];
        for (const range of internal) {
          if (
            cidrContains(peer.ipBlock.cidr, range) &&
            !except.some(e => cidrContains(e, range))
          ) {
            problems.push(
              `${what}: egress to ${peer.ipBlock.cidr} reaches the internal range ${range}`,
            );
          }
        }
      }
    }
  }
  return problems;
}

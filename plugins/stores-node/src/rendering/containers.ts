import type { EngineRenderContext, EngineSettings, StorePlan } from '../engine';

/*
 * The one place a store pod and its containers get what every one of them
 * shares, whatever the engine: the `restricted` Pod Security settings, no
 * service-account token, the plan's resources, the image from config. An
 * engine adds only what is its own (env, ports, probes, mounts).
 */

/** Pod security context every store pod shares (compatible with `restricted`). */
export function podSecurity(uid: number) {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
};

/**
 * Container resources from the plan: every container gets the plan's
 * container defaults explicitly (not only through the LimitRange), so what the
 * quota admits can be checked from the rendered objects alone.
 */
export function containerResources(plan: StorePlan) {
  return {
    requests: { ...plan.containerDefaults.requests },
    limits: { ...plan.containerDefaults.limits },
  };
}

export function secretEnv(name: string, secretName: string, key: string) {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

export type EnvVar =
  | { name: string; value: string }
  | ReturnType<typeof secretEnv>;

/**
 * The image of one of the engine's roles: `stores.images.<role>` when set,
 * else the engine's default.
 */
export function imageFor<Role extends string>(
  settings: EngineSettings,
  defaults: Record<Role, string>,
  role: Role,
): string {
  return settings.images[role] ?? defaults[role];
}

/** What a container of an engine adds to the shared settings. */
export interface ContainerSpec {
  name: string;
  /** The image (see {@link imageFor}). */
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env: EnvVar[];
  ports?: Array<{ name: string; containerPort: number; protocol: 'TCP' }>;
  readinessProbe?: Record<string, unknown>;
  terminationMessagePolicy?: 'File' | 'FallbackToLogsOnError';
  volumeMounts: Array<{ name: string; mountPath: string }>;
}

/** A container with the plan's resources and the restricted security context. */
export function storeContainer(ctx: EngineRenderContext, spec: ContainerSpec) {
  return {
    ...spec,
    resources: containerResources(ctx.plan),
    securityContext: CONTAINER_SECURITY,
  };
}

/** What a pod of an engine adds to the shared settings. */
export interface PodSpec {
  /** The image's own non-root user. */
  uid: number;
  sysctls?: Array<{ name: string; value: string }>;
  restartPolicy?: 'Always' | 'Never';
  affinity?: Record<string, unknown>;
  containers: Array<ReturnType<typeof storeContainer>>;
  volumes?: Array<Record<string, unknown>>;
}

/** A pod spec with no service-account token, no service links and the restricted pod security. */
export function storePodSpec(spec: PodSpec) {
  const { uid, sysctls, ...own } = spec;
  return {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: { ...podSecurity(uid), ...(sysctls ? { sysctls } : {}) },
    ...own,
  };
}

/**
 * The spec of a ReadWriteOnce claim of `storage`, in the configured storage
 * class (the cluster's default when unset).
 */
export function volumeClaimSpec(ctx: EngineRenderContext, storage: string) {
  return {
    accessModes: ['ReadWriteOnce'],
    ...(ctx.settings.storageClassName
      ? { storageClassName: ctx.settings.storageClassName }
      : {}),
    resources: { requests: { storage } },
  };
}

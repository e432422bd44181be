import type { EngineRenderContext, EngineSettings, StorePlan } from '../engine';

/*
 * The one place a store pod and its containers get what every one of them
 * shares, whatever the engine: the `restricted` Pod Security settings, a
 * read-only root filesystem with an emptyDir for each path the image writes,
 * no service-account token, the plan's resources (ephemeral storage
 * included), an explicit pull policy, the image from config. An engine states
 * only what is its own (image, env, port, probe, volumes, scratch paths).
 * docs/store-pods.md lists every scratch path of the shipped engines and why.
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
 * Images are pinned to a release tag, so a node pulls one only when it does
 * not have it; stated explicitly because the API server's default depends on
 * the tag (`Always` for `:latest` or none).
 */
export const IMAGE_PULL_POLICY = 'IfNotPresent';

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

/** An env var from one of the pod's own fields (downward API), e.g. a label. */
export function fieldEnv(name: string, fieldPath: string) {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

export type EnvVar =
  | { name: string; value: string }
  | ReturnType<typeof secretEnv>
  | ReturnType<typeof fieldEnv>;

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

/**
 * An engine's two lookups, bound to its generated Secret and default images:
 * `fromSecret(env, key)`, an env var from one of the Secret's keys, and
 * `imageOf(ctx, role)`, see {@link imageFor}.
 */
export function engineLookups<Key extends string, Role extends string>(
  secret: { name: string; keys: Record<Key, string> },
  images: Record<Role, string>,
) {
  return {
    fromSecret: (env: string, key: Key) =>
      secretEnv(env, secret.name, secret.keys[key]),
    imageOf: (ctx: EngineRenderContext, role: Role) =>
      imageFor(ctx.settings, images, role),
  };
}

/**
 * A path the image writes outside its volumes. The root filesystem is
 * read-only, so each gets an emptyDir (bounded by the plan's
 * ephemeral-storage limit), named `name` in the pod.
 */
export interface ScratchDir {
  name: string;
  mountPath: string;
  /** What the image writes there (kept beside the path as documentation). */
  why: string;
}

/** The usual scratch path: `/tmp`, as an emptyDir named `tmp`. */
export function tmpScratch(why: string): ScratchDir {
  return { name: 'tmp', mountPath: '/tmp', why };
}

/** What a container of an engine adds to the shared settings. */
export interface ContainerSpec {
  name: string;
  /** The image (see {@link imageFor}). */
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: EnvVar[];
  /** The port the container serves, if any (TCP). */
  port?: { name: string; port: number };
  readinessProbe?: Record<string, unknown>;
  terminationMessagePolicy?: 'File' | 'FallbackToLogsOnError';
  /** Volumes of the pod the container mounts (claims). */
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
  /** Paths the image writes besides its volumes. */
  scratch?: ScratchDir[];
}

/**
 * A container with the plan's resources, the restricted security context, a
 * read-only root filesystem (its scratch paths mounted) and the pull policy.
 */
export function storeContainer(ctx: EngineRenderContext, spec: ContainerSpec) {
  const { port, scratch = [], volumeMounts = [], env = [], ...own } = spec;
  return {
    ...own,
    imagePullPolicy: IMAGE_PULL_POLICY,
    env,
    ...(port
      ? {
          ports: [
            { name: port.name, containerPort: port.port, protocol: 'TCP' },
          ],
        }
      : {}),
    resources: containerResources(ctx.plan),
    securityContext: { ...CONTAINER_SECURITY, readOnlyRootFilesystem: true },
    volumeMounts: [
      ...volumeMounts,
      ...scratch.map(dir => ({ name: dir.name, mountPath: dir.mountPath })),
    ],
  };
}

/** What a pod of an engine adds to the shared settings. */
export interface PodSpec {
  /** The image's own non-root user. */
  uid: number;
  sysctls?: Array<{ name: string; value: string }>;
  restartPolicy?: 'Always' | 'Never';
  affinity?: Record<string, unknown>;
  containers: ContainerSpec[];
  /** Run to completion, in order, before the containers (hardened the same way). */
  initContainers?: ContainerSpec[];
  /** The pod's own volumes (claims); scratch emptyDirs are added. */
  volumes?: Array<Record<string, unknown>>;
}

/** One emptyDir per scratch name, bounded by the plan's ephemeral-storage limit. */
function scratchVolumes(ctx: EngineRenderContext, containers: ContainerSpec[]) {
  const names = new Set(
    containers.flatMap(c => (c.scratch ?? []).map(dir => dir.name)),
  );
  const sizeLimit = ctx.plan.containerDefaults.limits['ephemeral-storage'];
  return [...names].map(name => ({ name, emptyDir: { sizeLimit } }));
}

/**
 * A pod spec with no service-account token, no service links, the
 * restricted pod security, and the containers built by {@link storeContainer}.
 */
export function storePodSpec(ctx: EngineRenderContext, spec: PodSpec) {
  const {
    uid,
    sysctls,
    containers,
    initContainers = [],
    volumes = [],
    ...own
  } = spec;
  const allVolumes = [
    ...volumes,
    ...scratchVolumes(ctx, [...initContainers, ...containers]),
  ];
  return {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: { ...podSecurity(uid), ...(sysctls ? { sysctls } : {}) },
    ...own,
    ...(initContainers.length > 0
      ? { initContainers: initContainers.map(c => storeContainer(ctx, c)) }
      : {}),
    containers: containers.map(c => storeContainer(ctx, c)),
    ...(allVolumes.length > 0 ? { volumes: allVolumes } : {}),
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

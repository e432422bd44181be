import type { RenderedObject } from '@internal/plugin-stores-common';
import type { EngineRenderContext } from '../engine';
import {
  storePodSpec,
  tmpScratch,
  volumeClaimSpec,
  type ContainerSpec,
  type PodSpec,
} from './containers';
import {
  appSelector,
  storeLabels,
  storeObjectMeta,
  type StoreApp,
} from './labels';

/*
 * The workload shapes stores are made of: one pod each (a store is small,
 * and a second pod would not fit its quota during a rollout), labelled as the
 * store's, selected by their app labels (which carry no store data:
 * selectors are immutable).
 */

interface WorkloadOptions {
  name: string;
  app: StoreApp;
  pod: PodSpec;
}

/** One pod per workload; none while the store is suspended (its data stays). */
export function workloadReplicas(ctx: EngineRenderContext): number {
  return ctx.suspended ? 0 : 1;
}

function template(ctx: EngineRenderContext, options: WorkloadOptions) {
  return {
    metadata: { labels: storeLabels(ctx.store, options.app) },
    spec: storePodSpec(ctx, options.pod),
  };
}

/** A Service on one named port of the app's pods; `headless` for a StatefulSet. */
export function renderService(
  ctx: EngineRenderContext,
  options: {
    name: string;
    app: StoreApp;
    port: { name: string; port: number };
    headless?: boolean;
  },
): RenderedObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: storeObjectMeta(ctx, options.name, options.app),
    spec: {
      ...(options.headless ? { clusterIP: 'None' } : {}),
      selector: appSelector(options.app),
      ports: [
        {
          name: options.port.name,
          port: options.port.port,
          targetPort: options.port.name,
          protocol: 'TCP',
        },
      ],
    },
  };
}

/**
 * A one-replica Deployment. Recreate: the old pod goes before the new one
 * starts, so a ReadWriteOnce volume is never wanted twice and the quota
 * never has to hold two.
 */
export function renderDeployment(
  ctx: EngineRenderContext,
  options: WorkloadOptions,
): RenderedObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: storeObjectMeta(ctx, options.name, options.app),
    spec: {
      replicas: workloadReplicas(ctx),
      strategy: { type: 'Recreate' },
      selector: { matchLabels: appSelector(options.app) },
      template: template(ctx, options),
    },
  };
}

/** One container's pod, as the served workloads below take it. */
type SingleContainerPod = Omit<PodSpec, 'containers'> & {
  container: ContainerSpec & { port: { name: string; port: number } };
};

function singleContainerPod({ container, ...pod }: SingleContainerPod) {
  return { ...pod, containers: [container] };
}

/**
 * A one-replica Deployment of one container and the Service on its port,
 * both named `name`.
 */
export function renderServedDeployment(
  ctx: EngineRenderContext,
  options: { name: string; app: StoreApp; pod: SingleContainerPod },
): RenderedObject[] {
  const { pod, ...workload } = options;
  return [
    renderDeployment(ctx, { ...workload, pod: singleContainerPod(pod) }),
    renderService(ctx, { ...workload, port: pod.container.port }),
  ];
}

/**
 * A one-replica StatefulSet (named after its headless Service) with one
 * ReadWriteOnce claim per replica, for a database's data.
 */
export function renderStatefulSet(
  ctx: EngineRenderContext,
  options: WorkloadOptions & { claim: { name: string; storage: string } },
): RenderedObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: storeObjectMeta(ctx, options.name, options.app),
    spec: {
      serviceName: options.name,
      replicas: workloadReplicas(ctx),
      selector: { matchLabels: appSelector(options.app) },
      template: template(ctx, options),
      volumeClaimTemplates: [
        {
          metadata: {
            name: options.claim.name,
            labels: storeLabels(ctx.store, options.app),
          },
          spec: volumeClaimSpec(ctx, options.claim.storage),
        },
      ],
    },
  };
}

/**
 * A run-to-completion Job: a few retries, a deadline, and no TTL, because
 * the reconciler reads the finished Job's status (and its pod's termination
 * message) to report the outcome.
 */
export function renderJob(
  ctx: EngineRenderContext,
  options: WorkloadOptions & {
    /** Extra labels on the pod template (tests mark a Job to fail). */
    extraPodLabels?: Record<string, string>;
    activeDeadlineSeconds: number;
  },
): RenderedObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: storeObjectMeta(ctx, options.name, options.app),
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: options.activeDeadlineSeconds,
      template: {
        metadata: {
          labels: {
            ...storeLabels(ctx.store, options.app),
            ...options.extraPodLabels,
          },
        },
        spec: storePodSpec(ctx, { restartPolicy: 'Never', ...options.pod }),
      },
    },
  };
}

/** What a database server's container states: its own, less what databases share. */
export interface DatabaseContainer
  extends Omit<ContainerSpec, 'readinessProbe' | 'scratch' | 'volumeMounts'> {
  port: { name: string; port: number };
  /** The exec readiness probe's command (first after 5 s, then every 10 s). */
  readinessCommand: string[];
  /** What the server writes to `/tmp` (an emptyDir named `tmp`). */
  tmp: string;
  /** Where the server keeps its Unix socket and lock or pid file (an emptyDir named `run`). */
  socketDir: { mountPath: string; why: string };
}

/**
 * A database: a one-replica StatefulSet whose data directory (`dataPath`)
 * is on the plan's database volume, behind a headless Service on its port.
 */
export function renderDatabaseWorkload(
  ctx: EngineRenderContext,
  options: {
    name: string;
    app: StoreApp;
    /** The image's own non-root user. */
    uid: number;
    container: DatabaseContainer;
    /** Where the volume is mounted in the container. */
    dataPath: string;
  },
): RenderedObject[] {
  const { uid, container, dataPath, ...workload } = options;
  const { readinessCommand, tmp, socketDir, ...own } = container;
  return [
    renderService(ctx, { ...workload, port: container.port, headless: true }),
    renderStatefulSet(ctx, {
      ...workload,
      claim: { name: 'data', storage: ctx.plan.databaseStorage },
      pod: singleContainerPod({
        uid,
        container: {
          ...own,
          readinessProbe: {
            exec: { command: readinessCommand },
            initialDelaySeconds: 5,
            periodSeconds: 10,
          },
          volumeMounts: [{ name: 'data', mountPath: dataPath }],
          scratch: [tmpScratch(tmp), { name: 'run', ...socketDir }],
        },
      }),
    }),
  ];
}

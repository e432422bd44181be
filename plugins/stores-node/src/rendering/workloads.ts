import type { RenderedObject } from '@internal/plugin-stores-common';
import type { EngineRenderContext } from '../engine';
import {
  storeContainer,
  storePodSpec,
  volumeClaimSpec,
  type ContainerSpec,
  type PodSpec,
} from './containers';
import { storeLabels, storeObjectMeta, type StoreApp } from './labels';
import type { PodLabels } from './network';

/*
 * The workload shapes stores are made of: one pod each (a store is small,
 * and a second pod would not fit its quota during a rollout), labelled as the
 * store's, selected by labels that carry no store data (selectors are
 * immutable).
 */

interface WorkloadOptions {
  name: string;
  app: StoreApp;
  /** The pod labels the workload selects; part of the pod's labels too. */
  selector: PodLabels;
  pod: PodSpec;
}

function template(ctx: EngineRenderContext, options: WorkloadOptions) {
  return {
    metadata: { labels: storeLabels(ctx.store, options.app) },
    spec: storePodSpec(options.pod),
  };
}

/** A Service on one named port of the selected pods; `headless` for a StatefulSet. */
export function renderService(
  ctx: EngineRenderContext,
  options: {
    name: string;
    app: StoreApp;
    selector: PodLabels;
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
      selector: { ...options.selector },
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
      replicas: 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: { ...options.selector } },
      template: template(ctx, options),
    },
  };
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
      replicas: 1,
      selector: { matchLabels: { ...options.selector } },
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
 * A run-to-completion Job (a store's bootstrap): a few retries, a deadline,
 * and no TTL, because the reconciler reads the finished Job's status (and its
 * pod's termination message) to report the outcome.
 */
export function renderJob(
  ctx: EngineRenderContext,
  options: Omit<WorkloadOptions, 'selector'> & {
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
        spec: storePodSpec({ restartPolicy: 'Never', ...options.pod }),
      },
    },
  };
}

/**
 * A database: a one-replica StatefulSet whose data directory is on the
 * plan's database volume, behind a headless Service on its port.
 */
export function renderDatabaseWorkload(
  ctx: EngineRenderContext,
  options: Omit<WorkloadOptions, 'pod'> & {
    uid: number;
    port: { name: string; port: number };
    /** Where the volume is mounted in the container. */
    dataPath: string;
    container: Omit<ContainerSpec, 'ports' | 'volumeMounts'>;
  },
): RenderedObject[] {
  const { uid, port, dataPath, container, ...workload } = options;
  return [
    renderService(ctx, { ...workload, port, headless: true }),
    renderStatefulSet(ctx, {
      ...workload,
      claim: { name: 'data', storage: ctx.plan.databaseStorage },
      pod: {
        uid,
        containers: [
          storeContainer(ctx, {
            ...container,
            ports: [
              { name: port.name, containerPort: port.port, protocol: 'TCP' },
            ],
            volumeMounts: [{ name: 'data', mountPath: dataPath }],
          }),
        ],
      },
    }),
  ];
}

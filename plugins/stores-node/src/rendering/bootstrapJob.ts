import type { RenderedObject, Store } from '@internal/plugin-stores-common';
import type { EngineRenderContext } from '../engine';
import type { ContainerSpec, PodSpec } from './containers';
import type { StoreApp } from './labels';
import { renderJob } from './workloads';

/** What an engine's bootstrap Job states; the rest is the same for every engine. */
export interface BootstrapJobSpec {
  name: string;
  app: StoreApp;
  /** The pod: its user, and any affinity and volumes its container needs. */
  pod: Omit<PodSpec, 'containers' | 'restartPolicy'>;
  /** Its one container, named `bootstrap`. */
  container: Omit<ContainerSpec, 'name' | 'terminationMessagePolicy'>;
}

/**
 * A store's bootstrap Job: the engine's container, given the store's title
 * (`STORE_TITLE`) and whether it wants sample data (`SAMPLE_DATA`), with 900 s
 * to finish. The tail of its output becomes the termination message, which
 * the reconciler reports when the Job fails (no log access needed).
 */
export function renderBootstrapJob(
  ctx: EngineRenderContext,
  spec: BootstrapJobSpec,
  extraPodLabels: Record<string, string>,
): RenderedObject {
  const store: Store = ctx.store;
  return renderJob(ctx, {
    name: spec.name,
    app: spec.app,
    extraPodLabels,
    activeDeadlineSeconds: 900,
    pod: {
      ...spec.pod,
      containers: [
        {
          ...spec.container,
          name: 'bootstrap',
          env: [
            ...(spec.container.env ?? []),
            { name: 'STORE_TITLE', value: store.displayName },
            {
              name: 'SAMPLE_DATA',
              value: store.options.sampleData === false ? 'false' : 'true',
            },
          ],
          terminationMessagePolicy: 'FallbackToLogsOnError',
        },
      ],
    },
  });
}

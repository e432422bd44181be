import type { Store } from '@internal/plugin-stores-common';
import type {
  EngineRenderContext,
  GeneratedSecretSpec,
  StoreEngine,
} from '@internal/plugin-stores-node';
import type { KubeObject, ObjectRef } from '../kubernetes/KubernetesClient';
import { withOwnerLabels } from '../kubernetes/ownership';
import { withStoreRecord } from './storeRecord';
import { PermanentFailure, ReconcileDeps } from './reconcileDeps';
import { withTlsSecretCopy } from './tlsSecret';

/** One stage of the desired state: a condition and the objects it needs. */
export interface DesiredStage {
  condition: string;
  objects: KubeObject[];
  /** Why the stage cannot hold yet even when its objects are ready. */
  waitingFor?: string;
  /**
   * Objects kept as they are although not rendered now (a TLS copy whose
   * source is gone): never pruned.
   */
  retained?: ObjectRef[];
}

/** Everything a provisioning pass wants to exist, rendered from the row and config. */
export interface DesiredState {
  engine: StoreEngine;
  render: EngineRenderContext;
  stages: DesiredStage[];
  /** The Secret created once with random values (never applied). */
  secret: GeneratedSecretSpec;
}

/**
 * The desired objects of a store: the engine's stages for its plan, plus
 * what the portal adds to every store (the TLS Secret copy, the owner
 * labels).
 * An unknown engine or plan is a permanent failure: retrying cannot help.
 */
export function desiredState(deps: ReconcileDeps, store: Store): DesiredState {
  const engine = deps.engines.get(store.engine);
  if (!engine) {
    throw new PermanentFailure(
      'UnknownEngine',
      `No store engine "${store.engine}" is installed`,
    );
  }
  const plan = deps.config.plans[store.plan];
  if (!plan) {
    throw new PermanentFailure(
      'UnknownPlan',
      `Plan "${store.plan}" is not configured`,
    );
  }
  const render: EngineRenderContext = {
    store,
    namespace: store.namespace,
    plan,
    settings: deps.config.settings,
    // Suspension is desired state: the workloads render with 0 replicas, so
    // drift repair keeps them there and readiness is judged against that.
    suspended: store.phase === 'suspended',
  };
  const stages = engine.stages(render).map(stage => ({
    condition: stage.condition,
    objects: stage.objects as KubeObject[],
  }));
  // Whatever the engine rendered, every object names its store and portal instance.
  const owner = { storeId: store.id, instanceId: deps.config.instanceId };
  return {
    engine,
    render,
    secret: engine.secret(render),
    stages: withTlsSecretCopy(stages, deps).map(stage => ({
      ...stage,
      // The Namespace also records the row, so a lost database can be rebuilt.
      objects: stage.objects.map(object =>
        withStoreRecord(withOwnerLabels(object, owner), store),
      ),
    })),
  };
}

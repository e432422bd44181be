import type { RenderedObject } from '@internal/plugin-stores-common';
import type { ObjectReadiness } from '../../engine';
import { describeObject } from './inspect';

/** A live object, as rendered and as observed, and the readiness the engine must judge it at. */
export type ReadinessFixture = {
  title: string;
  /** The object as the engine rendered it. */
  desired: RenderedObject;
  observed: RenderedObject;
} & (
  | { expected: Exclude<ObjectReadiness['state'], 'failed'> }
  | {
      expected: 'failed';
      /** The reason the judgement must carry. */
      reason: string;
    }
);

function live(
  object: RenderedObject,
  status: Record<string, unknown>,
  spec: Record<string, unknown> = {},
): RenderedObject {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      generation: 2,
    } as RenderedObject['metadata'],
    spec: { ...(object.spec as Record<string, unknown>), ...spec },
    status,
  };
}

/** Status of a finished rollout of generation 2: every replica updated and ready. */
function rolledOut(replicas: number) {
  return {
    observedGeneration: 2,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: replicas,
  };
}

/** A workload just created: no status yet. */
function justCreated(object: RenderedObject, what: string): ReadinessFixture {
  return {
    title: `${what} just created`,
    desired: object,
    observed: live(object, {}),
    expected: 'progressing',
  };
}

/** Someone scaled the workload to 0: its live status is "all of 0 ready". */
function scaledToZero(object: RenderedObject, what: string): ReadinessFixture {
  return {
    title: `${what} scaled to 0 by someone else (judged against the rendered replicas)`,
    desired: object,
    observed: live(
      object,
      {
        observedGeneration: 2,
        replicas: 0,
        readyReplicas: 0,
        availableReplicas: 0,
        conditions: [{ type: 'Available', status: 'True' }],
      },
      { replicas: 0 },
    ),
    expected: 'progressing',
  };
}

/**
 * Live states of every workload the engine renders, as the API server would
 * report them: just created, ready, a new generation not yet seen, and for
 * Jobs complete and failed. The engine must judge each as a user would.
 */
export function readinessFixturesFor(
  objects: RenderedObject[],
): ReadinessFixture[] {
  return objects.flatMap((object): ReadinessFixture[] => {
    const what = describeObject(object);
    const replicas =
      ((object.spec ?? {}) as { replicas?: number }).replicas ?? 1;
    switch (object.kind) {
      case 'Deployment':
        return [
          justCreated(object, what),
          {
            title: `${what} available with every replica ready`,
            desired: object,
            observed: live(object, {
              ...rolledOut(replicas),
              availableReplicas: replicas,
              conditions: [{ type: 'Available', status: 'True' }],
            }),
            expected: 'ready',
          },
          {
            title: `${what} of a new template observed, its old pod still ready and no new pod yet`,
            desired: object,
            observed: live(object, {
              observedGeneration: 2,
              replicas,
              readyReplicas: replicas,
              availableReplicas: replicas,
              conditions: [
                { type: 'Available', status: 'True' },
                {
                  type: 'Progressing',
                  status: 'True',
                  reason: 'NewReplicaSetAvailable',
                },
              ],
            }),
            expected: 'progressing',
          },
          {
            title: `${what} ready but its new generation not yet observed`,
            desired: object,
            observed: live(object, {
              observedGeneration: 1,
              readyReplicas: replicas,
              conditions: [{ type: 'Available', status: 'True' }],
            }),
            expected: 'progressing',
          },
          scaledToZero(object, what),
        ];
      case 'StatefulSet':
        return [
          justCreated(object, what),
          {
            title: `${what} with every replica ready`,
            desired: object,
            observed: live(object, rolledOut(replicas)),
            expected: 'ready',
          },
          {
            title: `${what} of a new template observed, its old pod still ready`,
            desired: object,
            observed: live(object, {
              observedGeneration: 2,
              replicas,
              readyReplicas: replicas,
            }),
            expected: 'progressing',
          },
          scaledToZero(object, what),
        ];
      case 'Job':
        return [
          {
            title: `${what} running`,
            desired: object,
            observed: live(object, { active: 1 }),
            expected: 'progressing',
          },
          {
            title: `${what} complete`,
            desired: object,
            observed: live(object, {
              succeeded: 1,
              conditions: [{ type: 'Complete', status: 'True' }],
            }),
            expected: 'ready',
          },
          {
            title: `${what} failed`,
            desired: object,
            observed: live(object, {
              failed: 3,
              conditions: [
                {
                  type: 'Failed',
                  status: 'True',
                  reason: 'BackoffLimitExceeded',
                  message: 'Job has reached the specified backoff limit',
                },
              ],
            }),
            expected: 'failed',
            reason: 'BackoffLimitExceeded',
          },
        ];
      case 'PersistentVolumeClaim':
        return [
          {
            title: `${what} pending`,
            desired: object,
            observed: live(object, { phase: 'Pending' }),
            expected: 'progressing',
          },
          {
            title: `${what} bound`,
            desired: object,
            observed: live(object, { phase: 'Bound' }),
            expected: 'ready',
          },
        ];
      default:
        return [];
    }
  });
}

/**
 * Workloads of a suspended store (rendered with 0 replicas): ready once the
 * controller reports no pod left, scaling down while one is; so a suspended
 * store is neither degraded nor repaired back up.
 */
export function suspendedReadinessFixturesFor(
  objects: RenderedObject[],
): ReadinessFixture[] {
  return objects
    .filter(o => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .flatMap((object): ReadinessFixture[] => {
      const what = describeObject(object);
      const scaledDown = { observedGeneration: 2, replicas: 0 };
      return [
        {
          title: `${what} of a suspended store with no pod left`,
          desired: object,
          observed: live(
            object,
            object.kind === 'Deployment'
              ? {
                  ...scaledDown,
                  conditions: [{ type: 'Available', status: 'True' }],
                }
              : scaledDown,
          ),
          expected: 'ready',
        },
        {
          title: `${what} of a suspended store still scaling down`,
          desired: object,
          observed: live(object, {
            observedGeneration: 2,
            replicas: 1,
            readyReplicas: 1,
          }),
          expected: 'progressing',
        },
      ];
    });
}

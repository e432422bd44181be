import type { RenderedObject } from '@internal/plugin-stores-common';
import type { ObjectReadiness } from '../../engine';
import { describeObject } from './inspect';

/** A live object and the readiness the engine must judge it at. */
export type ReadinessFixture = {
  title: string;
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
  generation = 2,
): RenderedObject {
  return {
    ...object,
    metadata: { ...object.metadata, generation } as RenderedObject['metadata'],
    status,
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
          {
            title: `${what} just created`,
            observed: live(object, {}),
            expected: 'progressing',
          },
          {
            title: `${what} available with every replica ready`,
            observed: live(object, {
              observedGeneration: 2,
              replicas,
              readyReplicas: replicas,
              availableReplicas: replicas,
              conditions: [{ type: 'Available', status: 'True' }],
            }),
            expected: 'ready',
          },
          {
            title: `${what} ready but its new generation not yet observed`,
            observed: live(object, {
              observedGeneration: 1,
              readyReplicas: replicas,
              conditions: [{ type: 'Available', status: 'True' }],
            }),
            expected: 'progressing',
          },
        ];
      case 'StatefulSet':
        return [
          {
            title: `${what} just created`,
            observed: live(object, {}),
            expected: 'progressing',
          },
          {
            title: `${what} with every replica ready`,
            observed: live(object, {
              observedGeneration: 2,
              replicas,
              readyReplicas: replicas,
            }),
            expected: 'ready',
          },
        ];
      case 'Job':
        return [
          {
            title: `${what} running`,
            observed: live(object, { active: 1 }),
            expected: 'progressing',
          },
          {
            title: `${what} complete`,
            observed: live(object, {
              succeeded: 1,
              conditions: [{ type: 'Complete', status: 'True' }],
            }),
            expected: 'ready',
          },
          {
            title: `${what} failed`,
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
            observed: live(object, { phase: 'Pending' }),
            expected: 'progressing',
          },
          {
            title: `${what} bound`,
            observed: live(object, { phase: 'Bound' }),
            expected: 'ready',
          },
        ];
      default:
        return [];
    }
  });
}

import { judgeStoreObject } from './judge';

/** A Deployment taking a new template (an engine or config change). */
describe('judgeStoreObject during a rollout', () => {
  const desired = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'wordpress', namespace: 'store-a', generation: 3 },
    spec: { replicas: 1 },
  };
  const live = (reason: string) => ({
    ...desired,
    status: {
      observedGeneration: 3,
      replicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      conditions: [
        { type: 'Available', status: 'True' },
        { type: 'Progressing', status: 'True', reason },
      ],
    },
  });

  it('is not ready while the old pod still counts and the new template rolls out', () => {
    expect(
      judgeStoreObject(live('ReplicaSetUpdated') as any, desired as any),
    ).toEqual({
      state: 'progressing',
      message: 'Deployment wordpress: rolling out (ReplicaSetUpdated)',
    });
  });

  it('is ready once the controller says the new ReplicaSet is available', () => {
    expect(
      judgeStoreObject(live('NewReplicaSetAvailable') as any, desired as any),
    ).toEqual({ state: 'ready' });
  });
});

import { judgeStoreObject } from './judge';

/** A Deployment taking a new template (an engine or config change). */
describe('judgeStoreObject during a rollout', () => {
  const desired = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'wordpress', namespace: 'store-a', generation: 3 },
    spec: { replicas: 1 },
  };
  const live = (reason: string, updatedReplicas = 1) => ({
    ...desired,
    status: {
      observedGeneration: 3,
      replicas: 1,
      updatedReplicas,
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

  it('is not ready when the controller observed the new template but made no pod of it yet (the condition of the last rollout still shows)', () => {
    // Seen on the local cluster: right after the apply the controller
    // reports the new generation, the old ready pod and the old
    // NewReplicaSetAvailable; judged ready, a rollout counted a store
    // whose new pods were then all refused as done.
    expect(
      judgeStoreObject(
        live('NewReplicaSetAvailable', 0) as any,
        desired as any,
      ),
    ).toEqual({
      state: 'progressing',
      message: 'Deployment wordpress: rolling out (0/1 replicas updated)',
    });
  });

  it('is ready once the controller says the new ReplicaSet is available', () => {
    expect(
      judgeStoreObject(live('NewReplicaSetAvailable') as any, desired as any),
    ).toEqual({ state: 'ready' });
  });
});

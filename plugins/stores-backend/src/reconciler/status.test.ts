import type { Store, StoreCondition } from '@internal/plugin-stores-common';
import { testStoresConfig } from './__testUtils__';
import type { DesiredState } from './desiredState';
import type { StagesOutcome } from './stages';
import { isEstablished, provisioningStatus } from './status';

const config = testStoresConfig({
  reconciler: { provisionTimeoutSeconds: 60 },
});
const longAgo = '2026-11-23T10:00:00.000Z';
const now = new Date('2026-11-23T12:00:00.000Z'); // two hours later

function condition(
  type: string,
  status: StoreCondition['status'],
  reason = status === 'True' ? 'Ready' : 'Progressing',
): StoreCondition {
  return {
    type,
    status,
    reason,
    message:
      status === 'True'
        ? 'All objects are ready'
        : 'Deployment wordpress: 0/1 replicas ready',
    lastTransitionTime: longAgo,
  };
}

const urls = {
  storefront: 'http://shop.stores.test/',
  admin: 'http://shop.stores.test/wp-admin/',
};

function store(phase: Store['phase'], generation = 1): Store {
  return {
    id: 'id-1',
    name: 'shop',
    displayName: 'Shop',
    engine: 'woocommerce',
    plan: 'small',
    owner: 'group:default/team-a',
    createdBy: 'user:default/a',
    namespace: 'store-shop',
    phase,
    conditions: [
      condition('DatabaseReady', 'True'),
      condition('WordPressReady', 'True'),
    ],
    urls: phase === 'provisioning' ? {} : urls,
    options: {},
    generation,
    observedGeneration: 1,
    createdAt: longAgo,
    updatedAt: longAgo,
  };
}

const desired = {
  engine: { urls: () => urls },
  render: {},
} as unknown as DesiredState;

/** The stages of a pass where WordPress no longer holds, for hours. */
const wordpressDown: StagesOutcome = {
  conditions: [
    {
      type: 'DatabaseReady',
      status: 'True',
      reason: 'Ready',
      message: 'All objects are ready',
    },
    {
      type: 'WordPressReady',
      status: 'False',
      reason: 'Progressing',
      message: 'Deployment wordpress: 0/1 replicas ready',
    },
  ],
};

/**
 * The status a pass over `current` arrives at, two hours after it was last
 * updated: by default WordPress no longer holds, as it did not before.
 */
function statusAfterPass(
  current: Store,
  pass: {
    previous?: StoreCondition[];
    stages?: StagesOutcome;
    established?: boolean;
  } = {},
) {
  return provisioningStatus({
    config,
    store: current,
    desired,
    previous: pass.previous ?? [
      condition('DatabaseReady', 'True'),
      condition('WordPressReady', 'False'),
    ],
    stages: pass.stages ?? wordpressDown,
    events: [],
    now,
    established: pass.established ?? isEstablished(current),
  });
}

describe('provisioningStatus', () => {
  it('keeps an established store degraded however long a condition does not hold: never failed by time', () => {
    const { status, requeueAfterMs } = statusAfterPass(store('degraded'));
    expect(status.phase).toBe('degraded');
    expect(status.failureReason).toBe(
      'Progressing: Deployment wordpress: 0/1 replicas ready',
    );
    expect(status.urls).toEqual(urls);
    expect(requeueAfterMs).toBeUndefined(); // no deadline to wake up for
  });

  it('degrades a ready store on a failed object instead of failing it, and is ready again once everything holds', () => {
    const current = store('ready');
    const failedJob: StagesOutcome = {
      conditions: wordpressDown.conditions,
      failure: { reason: 'BackoffLimitExceeded', message: 'Job failed' },
    };
    const degraded = statusAfterPass(current, {
      previous: current.conditions,
      stages: failedJob,
    });
    expect(degraded.status.phase).toBe('degraded');
    const ready = statusAfterPass(store('degraded'), {
      previous: degraded.status.conditions,
      stages: {
        conditions: wordpressDown.conditions.map(c => ({
          ...c,
          status: 'True' as const,
          reason: 'Ready',
        })),
      },
    });
    expect(ready.status).toMatchObject({ phase: 'ready', failureReason: null });
  });

  it('fails a new generation that is still provisioning after the timeout', () => {
    const current = store('provisioning');
    expect(isEstablished(current)).toBe(false);
    const { status } = statusAfterPass(current, {
      stages: { ...wordpressDown, blockedBy: 'WordPressReady' },
    });
    expect(status.phase).toBe('failed');
    expect(status.failureReason).toMatch(
      /^Timeout: not ready after 60 s; WordPressReady/,
    );
  });

  it('counts a store as established only when ready or degraded in its current generation', () => {
    expect(isEstablished(store('ready'))).toBe(true);
    expect(isEstablished(store('degraded'))).toBe(true);
    expect(isEstablished(store('ready', 2))).toBe(false);
    expect(isEstablished(store('failed'))).toBe(false);
    expect(isEstablished(store('pending'))).toBe(false);
    // Suspended (from ready or degraded): every stage is kept on its own.
    expect(isEstablished(store('suspended', 2))).toBe(true);
  });

  it('keeps a suspended store suspended, however long it takes and whatever holds: Suspended False while scaling down, True once at zero', () => {
    const current = store('suspended', 2);
    const scaling = statusAfterPass(current, {
      previous: current.conditions,
      stages: {
        conditions: [
          wordpressDown.conditions[0],
          {
            type: 'WordPressReady',
            status: 'False',
            reason: 'Progressing',
            message: 'Deployment wordpress: scaling down, 1 replicas left',
          },
        ],
      },
    });
    expect(scaling.status.phase).toBe('suspended');
    expect(scaling.status.failureReason).toBeNull();
    expect(scaling.status.urls).toEqual(urls);
    expect(scaling.requeueAfterMs).toBeUndefined(); // no timeout
    expect(scaling.status.conditions.at(-1)).toEqual({
      type: 'Suspended',
      status: 'False',
      reason: 'ScalingDown',
      message:
        'WordPressReady: Deployment wordpress: scaling down, 1 replicas left',
      lastTransitionTime: now.toISOString(),
    });

    const down = statusAfterPass(current, {
      previous: scaling.status.conditions,
      stages: {
        conditions: wordpressDown.conditions.map(c => ({
          ...c,
          status: 'True' as const,
          reason: 'Ready',
          message: 'All objects are ready',
        })),
      },
    });
    expect(down.status.phase).toBe('suspended');
    expect(down.status.conditions.at(-1)).toMatchObject({
      type: 'Suspended',
      status: 'True',
      reason: 'ScaledDown',
    });
    expect(down.status.transitions.map(c => [c.type, c.status])).toEqual([
      ['WordPressReady', 'True'],
      ['Suspended', 'True'],
    ]);
  });
});

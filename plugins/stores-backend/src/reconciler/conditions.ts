import type { StoreCondition } from '@internal/plugin-stores-common';

export type DesiredCondition = Omit<StoreCondition, 'lastTransitionTime'>;

/**
 * New conditions from the desired ones: lastTransitionTime moves only when a
 * condition's status changes (Kubernetes' convention); `transitions` lists the
 * conditions whose status changed, for events.
 */
export function mergeConditions(
  previous: StoreCondition[],
  desired: DesiredCondition[],
  now: string,
): { conditions: StoreCondition[]; transitions: StoreCondition[] } {
  const transitions: StoreCondition[] = [];
  const conditions = desired.map(next => {
    const before = previous.find(c => c.type === next.type);
    if (before && before.status === next.status) {
      return { ...next, lastTransitionTime: before.lastTransitionTime };
    }
    const changed = { ...next, lastTransitionTime: now };
    if (before || next.status === 'True') {
      transitions.push(changed);
    }
    return changed;
  });
  return { conditions, transitions };
}

export function sameConditions(
  a: StoreCondition[],
  b: StoreCondition[],
): boolean {
  return (
    a.length === b.length &&
    a.every((c, i) => {
      const d = b[i];
      return (
        c.type === d.type &&
        c.status === d.status &&
        c.reason === d.reason &&
        c.message === d.message &&
        c.lastTransitionTime === d.lastTransitionTime
      );
    })
  );
}

/**
 * When the current attempt at provisioning started: the oldest transition
 * among conditions that do not hold (unreached stages are `False` from the
 * start, so their transition time is when provisioning began or was retried).
 */
export function provisioningStartedAt(
  conditions: StoreCondition[],
): number | undefined {
  const times = conditions
    .filter(c => c.status !== 'True')
    .map(c => Date.parse(c.lastTransitionTime))
    .filter(t => !Number.isNaN(t));
  return times.length ? Math.min(...times) : undefined;
}

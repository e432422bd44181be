/*
 * @kubernetes/client-node 1.x sends and reads every object through its
 * generated models, whose LimitRange item calls the `default` field
 * `_default`: a plain LimitRange loses its default limits on the way out
 * (so a pod that sets no limits gets requests only, and a quota on limits
 * refuses it), and one read back carries `_default`. Registered as a model of
 * its own, a LimitRange is sent and returned as it is.
 */

const LIMIT_RANGE = { group: '', version: 'v1', kind: 'LimitRange' };

const verbatim = {
  serialize: (data: unknown) => data,
  deserialize: (data: unknown) => data,
};

let registered: Promise<void> | undefined;

/**
 * Makes @kubernetes/client-node send and return LimitRanges verbatim. Call
 * before writing one; later calls do nothing.
 */
export function useVerbatimLimitRanges(): Promise<void> {
  registered ??= import('@kubernetes/client-node/dist/serializer.js').then(
    ({ ObjectSerializer }) =>
      ObjectSerializer.registerModel(LIMIT_RANGE, verbatim),
  );
  return registered;
}

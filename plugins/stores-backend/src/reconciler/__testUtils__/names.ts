import { randomBytes } from 'node:crypto';

/**
 * Store names unique to one test file's run (`t<run>-<what>`): namespaces of
 * an earlier run on the same cluster may still be terminating.
 */
export function uniqueStoreNames() {
  const run = randomBytes(3).toString('hex');
  return { run, storeName: (what: string) => `t${run}-${what}` };
}

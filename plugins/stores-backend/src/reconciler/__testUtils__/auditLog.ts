import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The stores backend's user agent prefix (KubernetesClient). */
const STORES_USER_AGENT = 'backstage-plugin-stores-backend/';
const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/**
 * The API server's audit log of the local cluster (scripts/k8s-local writes
 * writes only, next to the kubeconfig: `kubeconfig-<name>` → `audit-<name>.log`),
 * or `STORES_K8S_AUDIT_LOG`. Undefined when there is none (an external cluster).
 */
export function auditLogPath(): string | undefined {
  if (process.env.STORES_K8S_AUDIT_LOG) {
    return process.env.STORES_K8S_AUDIT_LOG;
  }
  const kubeconfig = process.env.KUBECONFIG;
  if (!kubeconfig || process.env.STORES_TEST_CLUSTER !== 'local') {
    return undefined;
  }
  const name = basename(kubeconfig).replace(/^kubeconfig/, 'audit');
  return join(dirname(kubeconfig), `${name}.log`);
}

/** One write as the API server recorded it. */
export interface AuditedWrite {
  verb: string;
  resource: string;
  /** `status`, `binding`, ...: absent for a write of the object itself. */
  subresource?: string;
  name: string;
  namespace?: string;
  /** The HTTP status of the answer (409 for a create that found the object). */
  code?: number;
  /** The client's user agent (a replica of the backend names itself in it). */
  userAgent: string;
  /** When the request came in and when its answer was sent (ms since the epoch). */
  receivedAt: number;
  completedAt: number;
}

/** The file (inode) each path was when its offset was taken. */
const filesAtOffset = new Map<string, number>();

/** Where the log ends now: count writes after this offset. */
export function auditOffset(path: string): number {
  if (!existsSync(path)) return 0;
  const { size, ino } = statSync(path);
  filesAtOffset.set(path, ino);
  return size;
}

/**
 * Writes by the stores backend (its user agent) recorded since `offset`,
 * optionally only those on objects in `namespace` (or on that Namespace).
 */
export function storesWritesSince(
  path: string,
  offset: number,
  namespace?: string,
): AuditedWrite[] {
  return writesSince(path, offset, STORES_USER_AGENT).filter(
    write =>
      namespace === undefined ||
      write.namespace === namespace ||
      (write.resource === 'namespaces' && write.name === namespace),
  );
}

/**
 * Writes recorded since `offset` by the clients whose user agent starts
 * with `userAgent` (`kwok-controller/`, `kube-controller-manager/`, ...).
 */
export function writesSince(
  path: string,
  offset: number,
  userAgent: string,
): AuditedWrite[] {
  // The API server rotates its log (kube-apiserver's --audit-log-maxsize):
  // reading a new file from an old offset would count nothing, and a count
  // of nothing would pass every "no write" check, so that is an error.
  const { size, ino } = statSync(path);
  const was = filesAtOffset.get(path);
  if (size < offset || (was !== undefined && was !== ino)) {
    throw new Error(
      `${path} was rotated since offset ${offset}: the writes since then cannot be counted`,
    );
  }
  const text = readFileSync(path).subarray(offset).toString('utf8');
  const writes: AuditedWrite[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes(userAgent)) continue;
    let entry: any;
    try {
      entry = JSON.parse(line);
    } catch {
      continue; // a line cut by rotation or still being written
    }
    const ref = entry.objectRef ?? {};
    if (
      !WRITE_VERBS.includes(entry.verb) ||
      !String(entry.userAgent).startsWith(userAgent)
    ) {
      continue;
    }
    writes.push({
      verb: entry.verb,
      resource: ref.resource,
      subresource: ref.subresource,
      name: ref.name,
      namespace: ref.namespace,
      code: entry.responseStatus?.code,
      userAgent: String(entry.userAgent),
      receivedAt: Date.parse(entry.requestReceivedTimestamp),
      completedAt: Date.parse(entry.stageTimestamp),
    });
  }
  return writes;
}

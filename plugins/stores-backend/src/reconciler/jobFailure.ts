import type { KubeObject } from '../kubernetes/KubernetesClient';

const MAX_TAIL_LINES = 20;
const MAX_TAIL_CHARS = 2000;

/**
 * The tail of a failed Job's output, from its newest failed pod's container
 * termination message (`terminationMessagePolicy: FallbackToLogsOnError`
 * makes the kubelet put the log tail there): no pod log access is needed.
 */
export function jobFailureTail(
  job: KubeObject,
  pods: KubeObject[],
): string | undefined {
  const uid = job.metadata.uid;
  const owned = pods.filter(pod => {
    const labels = pod.metadata.labels ?? {};
    return (
      uid !== undefined &&
      (labels['batch.kubernetes.io/controller-uid'] === uid ||
        labels['controller-uid'] === uid)
    );
  });
  const failed = owned
    .filter(
      pod => (pod.status as { phase?: string } | undefined)?.phase === 'Failed',
    )
    .sort((a, b) =>
      String(b.metadata.creationTimestamp ?? '').localeCompare(
        String(a.metadata.creationTimestamp ?? ''),
      ),
    );
  for (const pod of failed) {
    const statuses =
      ((pod.status as any)?.containerStatuses as any[] | undefined) ?? [];
    for (const status of statuses) {
      const terminated =
        status?.state?.terminated ?? status?.lastState?.terminated;
      if (!terminated) {
        continue;
      }
      const message = String(terminated.message ?? '').trim();
      const summary = `container ${status.name} exited with code ${
        terminated.exitCode ?? '?'
      }${terminated.reason ? ` (${terminated.reason})` : ''}`;
      if (!message) {
        return `${summary}; no output was recorded`;
      }
      const lines = message.split('\n').slice(-MAX_TAIL_LINES).join('\n');
      return `${summary}; last output:\n${lines.slice(-MAX_TAIL_CHARS)}`;
    }
  }
  return undefined;
}

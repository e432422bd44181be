import type { StoreBackup } from '@internal/plugin-stores-common';
import {
  BACKUP_SIZE_PREFIX,
  MANUAL_INSTANTIATE_ANNOTATION,
} from '@internal/plugin-stores-node';
import type { KubeObject } from '../kubernetes/KubernetesClient';

/*
 * A backup as the API answers it, read from its Job and the Job's pods:
 * state from the Job's conditions, size and failure message from the pods'
 * termination messages (the backup script ends with `size=<bytes>`; a failed
 * step's output tail is its message). No log or Secret is read.
 */

/** Longest failure message answered (the tail of the output). */
const MAX_MESSAGE = 500;

interface JobCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

interface ContainerStatus {
  state?: { terminated?: { exitCode?: number; message?: string } };
}

/** The Job a pod belongs to, by the label the Job controller sets. */
export function jobNameOfPod(pod: KubeObject): string | undefined {
  const labels = pod.metadata.labels ?? {};
  return labels['batch.kubernetes.io/job-name'] ?? labels['job-name'];
}

function terminated(pod: KubeObject) {
  const status = (pod.status ?? {}) as {
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
  };
  return [
    ...(status.initContainerStatuses ?? []),
    ...(status.containerStatuses ?? []),
  ].flatMap(s => (s.state?.terminated ? [s.state.terminated] : []));
}

/** `size=<bytes>` from a succeeded backup's pods, if one reported it. */
function sizeOf(pods: KubeObject[]): number | undefined {
  for (const pod of pods) {
    for (const done of terminated(pod)) {
      const line = (done.message ?? '')
        .trim()
        .split('\n')
        .reverse()
        .find(l => l.startsWith(BACKUP_SIZE_PREFIX));
      const size = Number(line?.slice(BACKUP_SIZE_PREFIX.length));
      if (line && Number.isSafeInteger(size) && size >= 0) {
        return size;
      }
    }
  }
  return undefined;
}

/** The output tail of the step that failed, if a pod reported one. */
function failureOf(pods: KubeObject[]): string | undefined {
  for (const pod of pods) {
    const failedStep = terminated(pod).find(
      t => t.exitCode !== 0 && t.message?.trim(),
    );
    if (failedStep?.message) {
      return failedStep.message.trim().slice(-MAX_MESSAGE);
    }
  }
  return undefined;
}

function stateOf(complete: unknown, failed: unknown): StoreBackup['state'] {
  if (complete) {
    return 'succeeded';
  }
  return failed ? 'failed' : 'running';
}

/** One backup from its Job and that Job's pods. */
export function backupFromJob(
  job: KubeObject,
  pods: KubeObject[],
): StoreBackup {
  const status = (job.status ?? {}) as {
    startTime?: string;
    completionTime?: string;
    conditions?: JobCondition[];
  };
  const holds = (type: string) =>
    status.conditions?.find(c => c.type === type && c.status === 'True');
  const complete = holds('Complete');
  const failed = holds('Failed');
  const backup: StoreBackup = {
    name: job.metadata.name,
    trigger:
      job.metadata.annotations?.[MANUAL_INSTANTIATE_ANNOTATION] === 'manual'
        ? 'manual'
        : 'scheduled',
    state: stateOf(complete, failed),
  };
  const startedAt =
    status.startTime ?? (job.metadata.creationTimestamp as string | undefined);
  if (startedAt) {
    backup.startedAt = new Date(startedAt).toISOString();
  }
  const finishedAt =
    status.completionTime ??
    complete?.lastTransitionTime ??
    failed?.lastTransitionTime;
  if ((complete || failed) && finishedAt) {
    backup.finishedAt = new Date(finishedAt).toISOString();
  }
  if (complete) {
    const size = sizeOf(pods);
    if (size !== undefined) {
      backup.sizeBytes = size;
    }
  }
  if (failed) {
    backup.message =
      failureOf(pods) ??
      ([failed.reason, failed.message].filter(Boolean).join(': ') ||
        'the backup Job failed');
  }
  return backup;
}

/** Backups of the given Jobs, newest first (by start, then name). */
export function backupsFromJobs(
  jobs: KubeObject[],
  pods: KubeObject[],
): StoreBackup[] {
  const podsOf = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    const job = jobNameOfPod(pod);
    if (job) {
      podsOf.set(job, [...(podsOf.get(job) ?? []), pod]);
    }
  }
  return jobs
    .map(job => backupFromJob(job, podsOf.get(job.metadata.name) ?? []))
    .sort(
      (a, b) =>
        (b.startedAt ?? '').localeCompare(a.startedAt ?? '') ||
        b.name.localeCompare(a.name),
    );
}

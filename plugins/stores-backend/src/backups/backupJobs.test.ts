import type { KubeObject } from '../kubernetes/KubernetesClient';
import { backupsFromJobs } from './backupJobs';
import { manualJobName } from './ClusterStoreBackups';

function job(name: string, status: object, annotations = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, annotations, creationTimestamp: '2026-12-02T03:00:00Z' },
    status,
  };
}

function pod(jobName: string, terminated: object[]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${jobName}-abcde`,
      labels: { 'batch.kubernetes.io/job-name': jobName },
    },
    status: {
      initContainerStatuses: terminated
        .slice(0, -1)
        .map(t => ({ state: { terminated: t } })),
      containerStatuses: terminated
        .slice(-1)
        .map(t => ({ state: { terminated: t } })),
    },
  };
}

describe('backups from Jobs', () => {
  it('answers state, times, size and trigger, newest first, from Jobs and their pods only', () => {
    const backups = backupsFromJobs(
      [
        job('store-backup-29450100', {
          startTime: '2026-12-01T03:00:01Z',
          completionTime: '2026-12-01T03:02:00Z',
          conditions: [{ type: 'Complete', status: 'True' }],
        }),
        job(
          'store-backup-29451540-manual07',
          { startTime: '2026-12-02T03:00:07Z' },
          { 'cronjob.kubernetes.io/instantiate': 'manual' },
        ),
        job('store-backup-29450000', {
          startTime: '2026-11-30T03:00:00Z',
          conditions: [
            {
              type: 'Failed',
              status: 'True',
              reason: 'BackoffLimitExceeded',
              lastTransitionTime: '2026-11-30T03:01:00Z',
            },
          ],
        }),
      ],
      [
        pod('store-backup-29450100', [
          { exitCode: 0, message: '[backup] database dumped' },
          { exitCode: 0, message: '[backup] stored\nsize=123456\n' },
        ]),
        pod('store-backup-29450000', [
          {
            exitCode: 2,
            message: 'mariadb-dump: Got error: 2005: Unknown server host',
          },
        ]),
      ],
    );
    expect(backups).toEqual([
      {
        name: 'store-backup-29451540-manual07',
        trigger: 'manual',
        state: 'running',
        startedAt: '2026-12-02T03:00:07.000Z',
      },
      {
        name: 'store-backup-29450100',
        trigger: 'scheduled',
        state: 'succeeded',
        startedAt: '2026-12-01T03:00:01.000Z',
        finishedAt: '2026-12-01T03:02:00.000Z',
        sizeBytes: 123456,
      },
      {
        name: 'store-backup-29450000',
        trigger: 'scheduled',
        state: 'failed',
        startedAt: '2026-11-30T03:00:00.000Z',
        finishedAt: '2026-11-30T03:01:00.000Z',
        message: 'mariadb-dump: Got error: 2005: Unknown server host',
      },
    ]);
  });

  it("falls back to the Job's condition when no pod told why it failed, and reports no size it was not told", () => {
    const [failed, done] = backupsFromJobs(
      [
        job('store-backup-2', {
          startTime: '2026-12-02T03:00:00Z',
          conditions: [
            {
              type: 'Failed',
              status: 'True',
              reason: 'DeadlineExceeded',
              message: 'Job was active longer than specified deadline',
            },
          ],
        }),
        job('store-backup-1', {
          startTime: '2026-12-01T03:00:00Z',
          conditions: [{ type: 'Complete', status: 'True' }],
        }),
      ],
      [pod('store-backup-1', [{ exitCode: 0, message: 'size=not-a-number' }])],
    );
    expect(failed.message).toBe(
      'DeadlineExceeded: Job was active longer than specified deadline',
    );
    expect(done.sizeBytes).toBeUndefined();
  });

  it("names on-demand Jobs after their minute, so retention orders them with the CronJob's", () => {
    const name = manualJobName(new Date('2026-12-02T08:15:24.500Z'));
    expect(name).toBe(
      `store-backup-${Math.floor(
        Date.parse('2026-12-02T08:15:24Z') / 60_000,
      )}-manual24`,
    );
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});

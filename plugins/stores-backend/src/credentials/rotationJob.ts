import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Store } from '@internal/plugin-stores-common';
import type { SecretKeyRef } from '@internal/plugin-stores-node';
import type { StoresDatabase } from '../database/StoresDatabase';
import { describeKubernetesError } from '../kubernetes/errors';
import type {
  KubeObject,
  KubernetesClient,
} from '../kubernetes/KubernetesClient';
import { jobFailureTail } from '../reconciler/jobFailure';

export type RotationState =
  | { state: 'running' }
  | { state: 'succeeded' }
  | { state: 'failed'; message: string };

/** A rotation Job's outcome from its conditions. */
export function rotationState(job: KubeObject): RotationState {
  const conditions =
    ((job.status as { conditions?: any[] } | undefined)?.conditions as
      | Array<{
          type: string;
          status: string;
          reason?: string;
          message?: string;
        }>
      | undefined) ?? [];
  const holds = (type: string) =>
    conditions.find(c => c.type === type && c.status === 'True');
  if (holds('Complete')) {
    return { state: 'succeeded' };
  }
  const failed = holds('Failed');
  if (failed) {
    return {
      state: 'failed',
      message: [failed.reason, failed.message].filter(Boolean).join(': '),
    };
  }
  return { state: 'running' };
}

/** Margin past the Job's own deadline before the backend gives up on it. */
const DEADLINE_MARGIN_SECONDS = 120;

/**
 * Follows a started rotation Job to its end. Succeeded: the new password is
 * written to the generated Secret (server-side apply of that one key), a
 * `CredentialsRotated` event recorded, Job and temporary Secret deleted.
 * Failed (or gone, or past its deadline): a `CredentialsRotationFailed`
 * Warning with the Job's reason and output tail (rotation scripts print no
 * secret), the generated Secret untouched, Job and temporary Secret
 * deleted. Either event is written last, after the clean-up. If the Secret cannot be written after the Job succeeded, Job and
 * temporary Secret are kept so the next rotate request saves the password.
 * Resolves true when the Secret holds the new password.
 */
export async function followRotation(options: {
  client: KubernetesClient;
  database: Pick<StoresDatabase, 'appendEvent'>;
  logger: LoggerService;
  pollIntervalMs: number;
  store: Store;
  job: KubeObject;
  secret: { name: string; namespace: string };
  temp: SecretKeyRef;
  password: string;
  actor: string;
}): Promise<boolean> {
  const { client, database, logger, store, job, secret, temp } = options;
  const log = { storeId: store.id, job: job.metadata.name };
  const deadlineSeconds =
    Number(
      (job.spec as { activeDeadlineSeconds?: number } | undefined)
        ?.activeDeadlineSeconds ?? 300,
    ) + DEADLINE_MARGIN_SECONDS;
  const giveUpAt = Date.now() + deadlineSeconds * 1000;
  let outcome: RotationState = { state: 'running' };
  let live: KubeObject | undefined = job;
  while (outcome.state === 'running') {
    await sleep(options.pollIntervalMs);
    try {
      live = await client.read(job);
    } catch (error) {
      logger.warn('Could not read the admin password rotation Job', {
        ...log,
        error: describeKubernetesError(error),
      });
      continue;
    }
    if (!live) {
      outcome = { state: 'failed', message: 'the Job was deleted' };
    } else if (Date.now() > giveUpAt) {
      outcome = {
        state: 'failed',
        message: `the Job did not finish within ${deadlineSeconds} s`,
      };
    } else {
      outcome = rotationState(live);
    }
  }

  if (outcome.state === 'succeeded') {
    try {
      await client.apply({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: secret.name, namespace: secret.namespace },
        data: { [temp.key]: options.password },
      });
    } catch (error) {
      const reason = describeKubernetesError(error);
      logger.error(
        'The admin password was set in the store but not saved in its Secret',
        { ...log, error: reason },
      );
      await database.appendEvent(store.id, {
        type: 'Warning',
        reason: 'CredentialsRotationFailed',
        message: `Job ${job.metadata.name} set a new admin password, but Secret ${secret.name} could not be updated (${reason}); rotate again to save it`,
      });
      return false;
    }
    // Cleaned up before the event: once the event says done, the next
    // rotation finds no Job of this one in its way.
    await cleanUp(options);
    await database.appendEvent(store.id, {
      type: 'Normal',
      reason: 'CredentialsRotated',
      message: `The admin password was rotated (requested by ${options.actor})`,
    });
    logger.info('Admin password rotated', log);
    return true;
  }

  const tail = live ? await failureTail(client, live) : undefined;
  const message = `The admin password was not changed; the previous one still holds. Job ${
    job.metadata.name
  } failed: ${outcome.message}${tail ? `\n${tail}` : ''}`;
  await cleanUp(options);
  await database.appendEvent(store.id, {
    type: 'Warning',
    reason: 'CredentialsRotationFailed',
    message,
  });
  logger.warn('Admin password rotation failed', {
    ...log,
    reason: outcome.message,
  });
  return false;
}

async function failureTail(
  client: KubernetesClient,
  job: KubeObject,
): Promise<string | undefined> {
  try {
    const { items } = await client.list({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: job.metadata.namespace,
      labelSelector: `batch.kubernetes.io/controller-uid=${job.metadata.uid}`,
    });
    return jobFailureTail(job, items);
  } catch {
    return undefined;
  }
}

/** Job (with its pods) and temporary Secret; a failure here is logged, the outcome stands. */
async function cleanUp(options: {
  client: KubernetesClient;
  logger: LoggerService;
  store: Store;
  job: KubeObject;
  secret: { namespace: string };
  temp: SecretKeyRef;
}) {
  const { client, job, temp } = options;
  try {
    await client.delete(job, 'Background');
    await client.delete({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: temp.name, namespace: options.secret.namespace },
    });
  } catch (error) {
    options.logger.warn('Could not delete the admin password rotation Job', {
      storeId: options.store.id,
      error: describeKubernetesError(error),
    });
  }
}

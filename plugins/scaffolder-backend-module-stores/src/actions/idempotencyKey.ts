import { createHash } from 'node:crypto';

/** The stores backend keeps idempotency keys of up to this many characters. */
const MAX_KEY_LENGTH = 255;

/**
 * Idempotency key of one create step of one task. A retried step, a retried
 * task and a task recovered after a restart all keep their task id and step
 * id, so they send the same key and the backend hands back the store it
 * created the first time instead of creating another.
 */
export function taskIdempotencyKey(taskId: string, stepId: string): string {
  const key = `scaffolder:${taskId}:${stepId}`;
  if (key.length <= MAX_KEY_LENGTH) {
    return key;
  }
  const digest = createHash('sha256').update(key).digest('hex');
  return `scaffolder:${digest}`;
}

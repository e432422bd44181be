import { mockCredentials } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import request from 'supertest';

type Server = Parameters<typeof request>[0];

export interface TaskResult {
  status: string;
  output?: {
    links?: Array<{ title?: string; url?: string; entityRef?: string }>;
    text?: Array<{ title?: string; content?: string }>;
    [key: string]: unknown;
  };
  /** Every message of the task's log, in order. */
  log: string[];
}

const FINAL_STATES = ['completed', 'failed', 'cancelled'];

/** The scaffolder's and the stores backend's REST APIs, as one user. */
export class ScaffolderApi {
  readonly #server: Server;
  readonly #authorization: string;

  static as(server: Server, userEntityRef: string): ScaffolderApi {
    return new ScaffolderApi(
      server,
      mockCredentials.user.header(userEntityRef),
    );
  }

  private constructor(server: Server, authorization: string) {
    this.#server = server;
    this.#authorization = authorization;
  }

  dryRun(template: JsonObject, values: JsonObject) {
    return request(this.#server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', this.#authorization)
      .send({ template, values, directoryContents: [] });
  }

  createTask(templateRef: string, values: JsonObject) {
    return request(this.#server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', this.#authorization)
      .send({ templateRef, values });
  }

  /** Polls the task until it ends; `maxWaitMs` only guards against a hang. */
  async waitForTask(taskId: string, maxWaitMs: number): Promise<TaskResult> {
    const giveUpAt = Date.now() + maxWaitMs;
    for (;;) {
      const res = await request(this.#server)
        .get(`/api/scaffolder/v2/tasks/${taskId}`)
        .set('Authorization', this.#authorization);
      if (res.status !== 200) {
        throw new Error(`GET task ${taskId}: ${res.status} ${res.text}`);
      }
      if (FINAL_STATES.includes(res.body.status)) {
        const events = await request(this.#server)
          .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
          .set('Authorization', this.#authorization);
        const list = events.body as Array<{
          type: string;
          body: { message?: string; output?: TaskResult['output'] };
        }>;
        return {
          status: res.body.status,
          // The output travels in the completion event, not in the task.
          output: list.find(e => e.type === 'completion')?.body.output,
          log: list.map(e => e.body.message ?? ''),
        };
      }
      if (Date.now() > giveUpAt) {
        throw new Error(
          `Task ${taskId} still ${res.body.status} after ${maxWaitMs} ms`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }

  listStores(q?: string) {
    return request(this.#server)
      .get('/api/stores/stores')
      .query(q ? { q } : {})
      .set('Authorization', this.#authorization);
  }

  getStore(id: string) {
    return request(this.#server)
      .get(`/api/stores/stores/${id}`)
      .set('Authorization', this.#authorization);
  }
}

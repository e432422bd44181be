import { randomBytes } from 'node:crypto';
import type { RenderedObject } from '@internal/plugin-stores-common';
import { useVerbatimLimitRanges } from '../../verbatimLimitRanges';
import type {
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';

/** The request timeout of every call: the API server answers in well under a second when idle. */
const REQUEST_TIMEOUT_MS = 30_000;
/** How long the quota controller may take to fill a new quota's status on a loaded machine. */
const QUOTA_STATUS_BUDGET_MS = 60_000;

/**
 * The conformance kit's view of the test cluster (`KUBECONFIG`, context
 * `STORES_TEST_KUBE_CONTEXT` when set): namespaces of its own, enforcing
 * Pod Security `restricted`, removed at the end.
 */
export class ConformanceCluster {
  readonly #objects: KubernetesObjectApi;
  readonly #apply: PatchStrategy;
  readonly #namespaces: string[] = [];
  readonly #prefix: string;

  static async connect(engineId: string): Promise<ConformanceCluster> {
    // ESM-only package: loaded when a cluster test runs.
    const k8s = await import('@kubernetes/client-node');
    await useVerbatimLimitRanges();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(process.env.KUBECONFIG!);
    if (process.env.STORES_TEST_KUBE_CONTEXT) {
      kc.setCurrentContext(process.env.STORES_TEST_KUBE_CONTEXT);
    }
    const server = kc.getCurrentCluster()?.server;
    if (!server) throw new Error('KUBECONFIG names no cluster server');
    const configuration = k8s.createConfiguration({
      baseServer: new k8s.ServerConfiguration(server, {}),
      authMethods: { default: kc },
      promiseMiddleware: [
        {
          pre: async context => {
            context.setHeaderParam('User-Agent', 'stores-engine-conformance');
            context.setSignal(AbortSignal.timeout(REQUEST_TIMEOUT_MS));
            return context;
          },
          post: async response => response,
        },
      ],
    });
    return new ConformanceCluster(
      new k8s.KubernetesObjectApi(configuration),
      k8s.PatchStrategy.ServerSideApply,
      `conformance-${engineId}`.slice(0, 40),
    );
  }

  private constructor(
    objects: KubernetesObjectApi,
    apply: PatchStrategy,
    prefix: string,
  ) {
    this.#objects = objects;
    this.#apply = apply;
    this.#prefix = prefix;
  }

  /** A fresh namespace labelled to enforce `restricted`. */
  async restrictedNamespace(purpose: string): Promise<string> {
    const name = `${this.#prefix}-${purpose}-${randomBytes(3).toString('hex')}`;
    await this.#objects.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'app.kubernetes.io/managed-by': 'stores-engine-conformance',
        },
      },
    });
    this.#namespaces.push(name);
    return name;
  }

  /** Server-side apply with `dryRun=All`: every admission check runs, nothing is stored. */
  async dryRunApply(object: RenderedObject): Promise<void> {
    await this.#objects.patch(
      object as KubernetesObject,
      undefined,
      'All',
      'stores-engine-conformance',
      true,
      this.#apply,
    );
  }

  /** Creates the object for real (quota usage only counts stored objects); returns it as stored. */
  async create(object: RenderedObject): Promise<RenderedObject> {
    return (await this.#objects.create(
      object as KubernetesObject,
    )) as RenderedObject;
  }

  /**
   * Waits until the quota controller has computed every ResourceQuota of
   * the namespace (admission refuses pods against a quota without status).
   */
  async waitForQuotas(namespace: string): Promise<void> {
    const deadline = Date.now() + QUOTA_STATUS_BUDGET_MS;
    for (;;) {
      const list = await this.#objects.list('v1', 'ResourceQuota', namespace);
      const pending = list.items.filter(
        q => !(q as { status?: { hard?: object } }).status?.hard,
      );
      if (pending.length === 0) return;
      if (Date.now() > deadline) {
        throw new Error(
          `The quota controller computed no status for ${pending
            .map(q => q.metadata?.name)
            .join(', ')} in ${QUOTA_STATUS_BUDGET_MS / 1000} s`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }

  /** Deletes the namespaces made here; the API server finishes in the background. */
  async cleanUp(): Promise<void> {
    for (const name of this.#namespaces.splice(0)) {
      await this.#objects
        .delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
        .catch(() => undefined);
    }
  }
}

/** The API server's message of a refused request (a Status body), or the error's. */
export function apiErrorMessage(error: unknown): string {
  const body = (error as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      return (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      return body;
    }
  }
  if (body && typeof body === 'object' && 'message' in body) {
    return String((body as { message: unknown }).message);
  }
  return error instanceof Error ? error.message : String(error);
}

import type { KubeConfig } from '@kubernetes/client-node';
import type { ClientModule } from './KubernetesClient';

/**
 * Longest life of one watch request. The API server is asked to end the
 * watch after this long (`timeoutSeconds`) and the client resumes it from
 * the last resourceVersion; a connection that dies silently (no FIN, no
 * RST: a dropped NAT entry, a frozen proxy) is aborted here a little later,
 * so a watch can never hang for ever without anyone noticing.
 */
export const WATCH_LIFETIME_SECONDS = 300;
const WATCH_GRACE_MS = 30_000;

type WatchCallback = (phase: string, object: any, watchObject?: any) => void;
type DoneCallback = (error: any) => void;

/**
 * client-node's `Watch` with what the library does not do by itself: our
 * user agent (its own requests say `node-fetch/1.0`), a deadline on the
 * response headers (a server that accepts and never answers would hold the
 * informer for ever: the library's own 30 s timeout signal is overwritten
 * before use in 1.4.0) and a bounded lifetime ({@link WATCH_LIFETIME_SECONDS}).
 * It has the shape `ListWatch` expects (`watch(path, query, callback, done)`).
 */
export class TimedWatch {
  readonly #inner: { watch: TimedWatch['watch'] };
  readonly #lifetimeSeconds: number;

  static create(options: {
    kubeConfig: KubeConfig;
    module: ClientModule;
    userAgent: string;
    connectTimeoutMs: number;
    lifetimeSeconds?: number;
  }): TimedWatch {
    return new TimedWatch(options);
  }

  private constructor(options: Parameters<typeof TimedWatch.create>[0]) {
    const { kubeConfig, userAgent, connectTimeoutMs } = options;
    this.#lifetimeSeconds = options.lifetimeSeconds ?? WATCH_LIFETIME_SECONDS;
    // Watch reads only these two members of its config.
    const config = {
      getCurrentCluster: () => kubeConfig.getCurrentCluster(),
      applyToFetchOptions: async (opts: Record<string, unknown>) => {
        // node-fetch's `timeout` bounds the wait for the response headers
        // (not the body, which streams for the watch's whole life).
        const init = await kubeConfig.applyToFetchOptions({
          ...opts,
          timeout: connectTimeoutMs,
        });
        (init.headers as unknown as Headers).set('User-Agent', userAgent);
        return init;
      },
    };
    this.#inner = new options.module.Watch(config as unknown as KubeConfig);
  }

  async watch(
    path: string,
    queryParams: Record<string, unknown>,
    callback: WatchCallback,
    done: DoneCallback,
  ): Promise<AbortController> {
    const deadline: { timer?: NodeJS.Timeout; finished?: boolean } = {};
    const finish: DoneCallback = error => {
      deadline.finished = true;
      clearTimeout(deadline.timer);
      done(error);
    };
    const controller = await this.#inner.watch(
      path,
      { ...queryParams, timeoutSeconds: this.#lifetimeSeconds },
      callback,
      finish,
    );
    if (deadline.finished) {
      return controller;
    }
    // The server should have ended the watch by now: the connection is dead.
    deadline.timer = setTimeout(
      () => controller.abort(),
      this.#lifetimeSeconds * 1000 + WATCH_GRACE_MS,
    );
    deadline.timer.unref?.();
    return controller;
  }
}

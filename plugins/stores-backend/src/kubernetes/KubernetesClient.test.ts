import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { mockServices } from '@backstage/backend-test-utils';
import type { Store } from '@internal/plugin-stores-common';
import type { StoresDatabase } from '../database/StoresDatabase';
import type { StoresConfig } from '../types';
import { KubernetesClient, storesUserAgent } from './KubernetesClient';
import { SyncedInformer } from './SyncedInformer';
import { guardWrites } from './writeGuard';
import {
  LeaseHeldElsewhere,
  ReconcilePass,
} from './../reconciler/ReconcilePass';
import { WorkQueue } from './../reconciler/WorkQueue';

/*
 * Requests against local servers that misbehave on purpose (real sockets,
 * real client-node): one accepts connections and never answers, one answers
 * only when the test lets it. No Kubernetes needed.
 */

jest.setTimeout(60_000);

const logger = mockServices.logger.mock();

/** A TCP server that accepts every connection and never sends a byte. */
async function silentServer() {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer(socket => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    /** Connections accepted so far (the request did reach the server). */
    accepted: () => accepted,
    close: async () => {
      sockets.forEach(s => s.destroy());
      await new Promise(resolve => server.close(resolve));
    },
  };
}

/** An HTTP server that records each request and lets the test answer it. */
async function scriptedServer(
  answer: (req: http.IncomingMessage, res: http.ServerResponse) => void,
) {
  const requests: Array<{ url: string; userAgent?: string }> = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url!, userAgent: req.headers['user-agent'] });
    answer(req, res);
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    requests,
    close: async () => {
      sockets.forEach(s => s.destroy());
      await new Promise(resolve => server.close(resolve));
    },
  };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach(d => fs.rmSync(d, { recursive: true })));

function kubeconfigFor(server: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stores-client-'));
  dirs.push(dir);
  const file = path.join(dir, 'kubeconfig');
  fs.writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      // Plain HTTP needs skip-tls-verify in client-node.
      clusters: [
        { name: 'c', cluster: { server, 'insecure-skip-tls-verify': true } },
      ],
      users: [{ name: 'u', user: { token: 'test-token' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }),
  );
  return file;
}

function clientFor(
  server: string,
  requestTimeoutSeconds: number,
  limit = { qps: 100, burst: 100 },
) {
  return KubernetesClient.create({
    cluster: {
      inCluster: false,
      kubeconfigPath: kubeconfigFor(server),
      ...limit,
      requestTimeoutSeconds,
    },
    logger,
    replica: 'replica-under-test',
  });
}

const configMap = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'some-namespace' },
};

/** The fake API server's answer to KubernetesObjectApi's resource discovery. */
const NAMESPACE_DISCOVERY = JSON.stringify({
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [{ name: 'namespaces', kind: 'Namespace', namespaced: false }],
});

describe('KubernetesClient against a server that never answers', () => {
  let server: Awaited<ReturnType<typeof silentServer>>;
  beforeEach(async () => {
    server = await silentServer();
  });
  afterEach(() => server.close());

  it.each([
    ['apply', (c: KubernetesClient) => c.apply(configMap)],
    ['read', (c: KubernetesClient) => c.read(configMap)],
    [
      'list',
      (c: KubernetesClient) => c.list({ apiVersion: 'v1', kind: 'Namespace' }),
    ],
    ['version', (c: KubernetesClient) => c.version()],
  ])('gives up on %s after the request timeout', async (_verb, call) => {
    const client = await clientFor(server.url, 0.3);
    await expect(call(client)).rejects.toThrow(/abort|timeout/i);
    expect(server.accepted()).toBeGreaterThan(0);
  });

  it('does not hold a worker for ever: the hung key fails and is retried, the next key runs', async () => {
    const client = await clientFor(server.url, 0.3);
    const done: string[] = [];
    const failures: string[] = [];
    const queue = WorkQueue.create({
      concurrency: 1,
      backoffBaseMs: 60_000,
      backoffMaxMs: 60_000,
      process: async key => {
        if (key === 'hung') {
          await client.apply(configMap);
        }
        done.push(key);
      },
      onError: key => failures.push(key),
    });
    queue.add('hung');
    queue.add('next');
    await queue.whenIdle();
    expect(failures).toEqual(['hung']);
    expect(done).toEqual(['next']);
    await queue.stop();
  });

  it('gives up on a watch that never answers: the informer reports the failure and stays unsynced', async () => {
    const client = await clientFor(server.url, 0.3);
    const failed = new Promise<unknown>(resolve =>
      client
        .watcher()
        .watch('/api/v1/namespaces', {}, () => {}, resolve)
        .catch(resolve),
    );
    await expect(failed).resolves.toBeInstanceOf(Error);
  });
});

describe('KubernetesClient identity and informer sync', () => {
  it('sends the user agent naming the plugin and the replica on requests and watches', async () => {
    const server = await scriptedServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url!.startsWith('/version')) {
        res.end(JSON.stringify({ gitVersion: 'v1.34.10' }));
      } else {
        // A watch that ends at once.
        res.end();
      }
    });
    try {
      const client = await clientFor(server.url, 5);
      expect(await client.version()).toBe('v1.34.10');
      await new Promise(resolve =>
        client.watcher().watch('/api/v1/namespaces', {}, () => {}, resolve),
      );
      expect(server.requests.map(r => r.userAgent)).toEqual([
        storesUserAgent('replica-under-test'),
        storesUserAgent('replica-under-test'),
      ]);
      expect(storesUserAgent('replica-under-test')).toBe(
        'backstage-plugin-stores-backend/0.1.0 (replica replica-under-test)',
      );
      // The watch asks the server to end it (bounded life).
      expect(server.requests[1].url).toMatch(/[?&]timeoutSeconds=300\b/);
    } finally {
      await server.close();
    }
  });

  it('counts an informer as synced only once its initial list is stored', async () => {
    let answerList: (() => void) | undefined;
    const server = await scriptedServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url!.includes('watch=true')) {
        res.writeHead(200);
        res.write(''); // stays open
        return;
      }
      if (req.url!.startsWith('/api/v1/namespaces')) {
        answerList = () =>
          res.end(
            JSON.stringify({
              kind: 'NamespaceList',
              apiVersion: 'v1',
              metadata: { resourceVersion: '7' },
              items: [{ metadata: { name: 'listed', resourceVersion: '7' } }],
            }),
          );
        return;
      }
      res.end(NAMESPACE_DISCOVERY);
    });
    const client = await clientFor(server.url, 30);
    const informer = SyncedInformer.create({
      client,
      logger,
      description: 'Namespace',
      path: '/api/v1/namespaces',
      apiVersion: 'v1',
      kind: 'Namespace',
    });
    try {
      const started = informer.start();
      for (let i = 0; i < 500 && !answerList; i++) {
        await new Promise(r => setTimeout(r, 10));
      }
      expect(answerList).toBeDefined();
      // The list is on its way: the informer has connected but is not synced.
      expect(informer.isSynced()).toBe(false);
      expect(informer.get('listed')).toBeUndefined();
      answerList!();
      await started;
      expect(informer.isSynced()).toBe(true);
      expect(informer.get('listed')?.metadata.name).toBe('listed');
    } finally {
      await informer.stop();
      await server.close();
    }
  });
});

describe('KubernetesClient writes of a reconcile pass', () => {
  const LEASE_SECONDS = 30;

  /** Answers resource discovery and records each namespace created. */
  async function namespaceServer() {
    const created: string[] = [];
    const server = await scriptedServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST') {
        let body = '';
        req.on('data', chunk => (body += chunk));
        req.on('end', () => {
          const object = JSON.parse(body);
          created.push(object.metadata.name);
          res.writeHead(201);
          res.end(JSON.stringify({ ...object, apiVersion: 'v1' }));
        });
        return;
      }
      res.end(NAMESPACE_DISCOVERY);
    });
    return { ...server, created };
  }

  function namespace(name: string) {
    return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
  }

  /** A pass whose claim succeeds and whose renewals the database refuses. */
  function passOf(store: Store) {
    const database = {
      claimStore: async () => store,
      renewLease: async () => false,
      releaseStore: async () => undefined,
    } as unknown as StoresDatabase;
    return new ReconcilePass(store, database, 'replica-under-test', {
      reconciler: { leaseSeconds: LEASE_SECONDS },
    } as StoresConfig);
  }

  afterEach(() => jest.restoreAllMocks());

  it('checks the lease after the rate limiter: a write that waited there until the lease ran out is not sent, and the pass ends with LeaseHeldElsewhere', async () => {
    const server = await namespaceServer();
    // The pass's clock (performance.now), moved on by the test: real time
    // plus a skew, so the lease runs out exactly when the test says.
    const realNow = performance.now.bind(performance);
    let skewMs = 0;
    jest.spyOn(performance, 'now').mockImplementation(() => realNow() + skewMs);
    try {
      // One request per second, one in the bucket: the second write waits.
      const client = await clientFor(server.url, 5, { qps: 1, burst: 1 });
      const store = { id: 'id-1', generation: 1, phase: 'ready' } as Store;
      const pass = passOf(store);
      const outcome = await guardWrites(
        () => pass.assertHeld(),
        async () => {
          await pass.claim();
          // Within the lease: sent (it takes the bucket's only token).
          await client.create(namespace('sent-within-lease'));
          // The lease is good when this write is made, so a check at the
          // call (or before the wave) lets it through; it then waits for
          // a token, and meanwhile the lease runs out.
          const waiting = client.create(namespace('waited-past-lease'));
          skewMs += 2 * LEASE_SECONDS * 1000;
          return waiting.then(
            () => 'sent',
            (error: unknown) => error,
          );
        },
      );
      expect(outcome).toBeInstanceOf(LeaseHeldElsewhere);
      expect(server.created).toEqual(['sent-within-lease']);
      expect(client.requestCounts().create).toBe(1);
      // The wave's check (claim) says the same from now on.
      await expect(pass.claim()).rejects.toBeInstanceOf(LeaseHeldElsewhere);
      await pass.release();

      // Outside a pass nothing is guarded, and a released pass guards nothing.
      await client.create(namespace('outside-a-pass'));
      await guardWrites(
        () => pass.assertHeld(),
        () => client.create(namespace('after-release')),
      );
      expect(server.created).toEqual([
        'sent-within-lease',
        'outside-a-pass',
        'after-release',
      ]);
    } finally {
      await server.close();
    }
  });
});

import { createServer } from 'node:net';
import { metrics } from '@opentelemetry/api';
import { startPrometheusMetrics } from './prometheusMetrics';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

describe('startPrometheusMetrics', () => {
  afterEach(() => metrics.disable());

  it('serves what meters of the global API record on /metrics', async () => {
    const port = await freePort();
    const started = startPrometheusMetrics({
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
    });
    try {
      await started!.exporter.startServer();
      // What Backstage's metrics service does for a plugin.
      metrics
        .getMeter('backstage-plugin-stores')
        .createCounter('stores.example')
        .add(2, { verb: 'get' });
      const response = await fetch(started!.url);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(
        /^stores_example_total\{verb="get",otel_scope_name="backstage-plugin-stores"\} 2$/m,
      );
    } finally {
      await started?.provider.shutdown();
    }
  });

  it('is off with OTEL_METRICS_EXPORTER=none, and refuses a bad port', () => {
    expect(startPrometheusMetrics({ OTEL_METRICS_EXPORTER: 'none' })).toBe(
      undefined,
    );
    expect(() =>
      startPrometheusMetrics({ OTEL_EXPORTER_PROMETHEUS_PORT: 'metrics' }),
    ).toThrow(/OTEL_EXPORTER_PROMETHEUS_PORT must be a port number/);
  });
});

import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/** The exporter's defaults, as OpenTelemetry's own environment variables name them. */
const DEFAULT_HOST = 'localhost';
const DEFAULT_PORT = 9464;

/**
 * Registers OpenTelemetry's global MeterProvider with a Prometheus exporter
 * serving `http://<host>:<port>/metrics`. Backstage's metrics service (and
 * so every plugin's meter, the stores backend's included) takes its meter
 * from the global API when a plugin starts, and that API has no proxy: a
 * meter taken before this ran stays a no-op for good. So this runs first,
 * before the backend is even imported (src/instrumentation.ts).
 *
 * Environment (OpenTelemetry's names): `OTEL_METRICS_EXPORTER=none` turns it
 * off; `OTEL_EXPORTER_PROMETHEUS_HOST` (default localhost; `0.0.0.0` in a pod
 * for Prometheus to reach it) and `OTEL_EXPORTER_PROMETHEUS_PORT` (9464).
 * A port in use is reported and the backend runs on without metrics.
 */
export function startPrometheusMetrics(
  env: NodeJS.ProcessEnv = process.env,
):
  | { provider: MeterProvider; exporter: PrometheusExporter; url: string }
  | undefined {
  if (env.OTEL_METRICS_EXPORTER === 'none') {
    return undefined;
  }
  const host = env.OTEL_EXPORTER_PROMETHEUS_HOST || DEFAULT_HOST;
  const port = Number(env.OTEL_EXPORTER_PROMETHEUS_PORT || DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(
      `OTEL_EXPORTER_PROMETHEUS_PORT must be a port number (1-65535), not "${env.OTEL_EXPORTER_PROMETHEUS_PORT}"`,
    );
  }
  const url = `http://${host}:${port}/metrics`;
  const exporter = new PrometheusExporter({ host, port }, error => {
    if (error) {
      // eslint-disable-next-line no-console
      console.warn(`Prometheus metrics are not served on ${url}: ${error}`);
    }
  });
  const provider = new MeterProvider({ readers: [exporter] });
  metrics.setGlobalMeterProvider(provider);
  return { provider, exporter, url };
}

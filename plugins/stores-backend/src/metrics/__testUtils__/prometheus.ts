import { createServer } from 'node:net';
import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/** One sample of a scrape: metric name, labels, value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * The portal's metrics pipeline as packages/backend starts it (an
 * OpenTelemetry MeterProvider read by the Prometheus exporter, serving
 * /metrics over HTTP), on a free port of this machine. `metrics` is the
 * plugin's meter in the shape of Backstage's metrics service.
 */
export async function startPrometheus(): Promise<{
  metrics: MetricsService;
  scrape(): Promise<Sample[]>;
  stop(): Promise<void>;
}> {
  const port = await freePort();
  const exporter = new PrometheusExporter({
    host: '127.0.0.1',
    port,
    preventServerStart: true,
  });
  await exporter.startServer();
  const provider = new MeterProvider({ readers: [exporter] });
  return {
    metrics: provider.getMeter('backstage-plugin-stores'),
    async scrape() {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      if (!response.ok) {
        throw new Error(`GET /metrics answered ${response.status}`);
      }
      return parseSamples(await response.text());
    },
    stop: () => provider.shutdown(),
  };
}

/** The samples of Prometheus' text format (comments and blank lines skipped). */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || line.startsWith('#')) {
      continue;
    }
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(
      /(\w+)="((?:[^"\\]|\\.)*)"/g,
    )) {
      labels[key] = value.replace(/\\(.)/g, '$1');
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** Sum of the samples named `name` whose labels include `labels`. */
export function valueOf(
  samples: Sample[],
  name: string,
  labels: Record<string, string> = {},
): number {
  return samples
    .filter(
      s =>
        s.name === name &&
        Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    )
    .reduce((sum, s) => sum + s.value, 0);
}

/** True when a sample named `name` with these labels is in the scrape. */
export function has(
  samples: Sample[],
  name: string,
  labels: Record<string, string> = {},
): boolean {
  return samples.some(
    s =>
      s.name === name &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
}

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

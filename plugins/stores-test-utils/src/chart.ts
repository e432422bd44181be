import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';

const run = promisify(execFile);

/**
 * The repository root (this file is plugins/stores-test-utils/src/chart.ts).
 * Only tests import this package, from the repository, never from a build.
 */
// eslint-disable-next-line no-restricted-syntax
const REPO_ROOT = path.resolve(__dirname, '../../..');

/** The portal's Helm chart. */
export const CHART_DIR = path.join(REPO_ROOT, 'charts/stores-portal');

/** The Kubernetes version the chart is rendered for: the local control plane's. */
const TEMPLATE_KUBE_VERSION = '1.34.0';

/** One object of the rendered chart. */
export interface ChartObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  [field: string]: any;
}

/**
 * The helm binary: `HELM` when set, else the one scripts/lib/helm.sh builds
 * into its cache (scripts/chart-test builds it, and runs before Jest in
 * scripts/test). Throws, saying how to build it, when there is none.
 */
export async function helmBinary(): Promise<string> {
  if (process.env.HELM) {
    return process.env.HELM;
  }
  const { stdout } = await run('bash', [
    '-c',
    'source "$1/scripts/lib/helm.sh" && helm_cache_dir',
    'helm-path',
    REPO_ROOT,
  ]);
  const binary = path.join(stdout.trim(), 'bin', 'helm');
  if (!fs.existsSync(binary)) {
    throw new Error(
      `Helm is not built yet (no ${binary}): run scripts/chart-test, or \`source scripts/lib/helm.sh && ensure_helm\``,
    );
  }
  return binary;
}

/**
 * `helm template` of the chart, parsed. `values` are `--set` pairs; the
 * required `postgresql.existingSecret` gets a placeholder unless given.
 */
export async function renderChart(
  options: {
    release?: string;
    namespace?: string;
    values?: Record<string, string>;
  } = {},
): Promise<ChartObject[]> {
  const values: Record<string, string> = {
    'postgresql.existingSecret': 'portal-postgresql',
    ...options.values,
  };
  const args = [
    'template',
    options.release ?? 'portal',
    CHART_DIR,
    '--namespace',
    options.namespace ?? 'stores-portal',
    // Offline, helm renders for Kubernetes 1.20; the chart needs 1.30+.
    '--kube-version',
    TEMPLATE_KUBE_VERSION,
    ...Object.entries(values).flatMap(([key, value]) => [
      '--set',
      `${key}=${value}`,
    ]),
  ];
  const { stdout } = await run(await helmBinary(), args, {
    maxBuffer: 16 * 1024 * 1024,
  });
  return parseAllDocuments(stdout)
    .map(doc => doc.toJS() as ChartObject | null)
    .filter((o): o is ChartObject => Boolean(o?.kind));
}

/** The one object of `kind` in `objects`; throws when there is not exactly one. */
export function oneOf(objects: ChartObject[], kind: string): ChartObject {
  const found = objects.filter(o => o.kind === kind);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} in the chart, found ${found.length}`);
  }
  return found[0];
}

/**
 * The Backstage configuration the chart gives the backend
 * (`app-config.chart.yaml` of its ConfigMap), parsed, for tests that
 * configure a backend the way the chart does.
 */
export async function chartAppConfig(
  options: Parameters<typeof renderChart>[0] = {},
): Promise<Record<string, any>> {
  const configMap = oneOf(await renderChart(options), 'ConfigMap');
  return parse(configMap.data['app-config.chart.yaml']);
}

// Imported first by src/index.ts, before anything of Backstage: plugins take
// their meters when they start, and only meters of a registered provider count.
import { startPrometheusMetrics } from './prometheusMetrics';

startPrometheusMetrics();

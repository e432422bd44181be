import type { Store } from '@internal/plugin-stores-common';
import { meteredNotifier } from './reconcilerMetrics';
import { startPrometheus, valueOf } from './__testUtils__/prometheus';
import { reasonOf, StoresMetrics } from './StoresMetrics';

describe('StoresMetrics', () => {
  let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
  let metrics: StoresMetrics;
  beforeEach(async () => {
    prometheus = await startPrometheus();
    metrics = StoresMetrics.create({ metrics: prometheus.metrics });
  });
  afterEach(() => prometheus.stop());

  it('takes the reason of a failure reason, never its free-text message', () => {
    expect(reasonOf('Timeout: not ready after 300 s; x')).toBe('Timeout');
    expect(reasonOf('BackoffLimitExceeded: Job wp-bootstrap failed')).toBe(
      'BackoffLimitExceeded',
    );
    expect(reasonOf('the API server said no')).toBe('Unknown');
    expect(reasonOf(null)).toBe('Unknown');
  });

  it('reports every phase of every engine, 0 included, and stops when told', async () => {
    const count = jest.fn(async () => [
      { phase: 'ready', engine: 'woocommerce', count: 3 },
    ]);
    const stop = metrics.observeFleet(['woocommerce', 'medusa'], count);
    let samples = await prometheus.scrape();
    expect(
      valueOf(samples, 'stores_fleet_stores', {
        phase: 'ready',
        engine: 'woocommerce',
      }),
    ).toBe(3);
    const series = samples.filter(s => s.name === 'stores_fleet_stores');
    expect(series).toHaveLength(14); // 7 phases x 2 engines
    expect(
      valueOf(samples, 'stores_fleet_stores', {
        phase: 'failed',
        engine: 'medusa',
      }),
    ).toBe(0);
    expect(count).toHaveBeenCalledTimes(1);
    // A stopped reconciler's database is not read by the next scrape.
    stop();
    samples = await prometheus.scrape();
    expect(count).toHaveBeenCalledTimes(1);
  });

  it('counts a move to failed or degraded by reason, not other changes', async () => {
    const heard: string[] = [];
    const notifier = meteredNotifier(
      { storeChanged: async store => void heard.push(store.phase) },
      metrics,
    );
    const store = (phase: string, failureReason?: string) =>
      ({ phase, engine: 'woocommerce', failureReason } as unknown as Store);
    await notifier.storeChanged(store('failed', 'Timeout: slow'), {
      previousPhase: 'provisioning',
    });
    await notifier.storeChanged(store('degraded', 'CredentialsLost: x'), {
      previousPhase: 'ready',
    });
    // Conditions changed, phase did not: no new failure.
    await notifier.storeChanged(store('degraded', 'CredentialsLost: x'));
    await notifier.storeChanged(store('ready'), { previousPhase: 'degraded' });
    expect(heard).toEqual(['failed', 'degraded', 'degraded', 'ready']);
    const samples = await prometheus.scrape();
    expect(
      valueOf(samples, 'stores_failures_total', {
        phase: 'failed',
        reason: 'Timeout',
      }),
    ).toBe(1);
    expect(
      valueOf(samples, 'stores_failures_total', {
        phase: 'degraded',
        reason: 'CredentialsLost',
      }),
    ).toBe(1);
    expect(valueOf(samples, 'stores_failures_total')).toBe(2);
  });
});

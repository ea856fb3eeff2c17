import { RoutingMetrics, summarize } from '../../src/routing/routing-metrics';

describe('RoutingMetrics', () => {
  let metrics: RoutingMetrics;
  beforeEach(() => (metrics = new RoutingMetrics()));
  afterEach(() => metrics.onModuleDestroy());

  it('reads ARI timestamps (+0000) and measures how late the event reached the router', () => {
    const sent = Date.parse('2026-11-27T16:05:12.389Z');
    metrics.observeDelivery('2026-11-27T16:05:12.389+0000', sent + 42);
    metrics.observeDelivery('2026-11-27T18:05:12.389+0200', sent + 8);
    metrics.observeDelivery('not a time', sent);
    expect(metrics.deliverySummary()).toMatchObject({ count: 2, p50: 8, max: 42 });
  });

  it('keeps only first offers, and starts over on reset', () => {
    metrics.observeOfferLatency(1.5, true);
    metrics.observeOfferLatency(9, false);
    expect(metrics.summary()).toMatchObject({ count: 1, p50: 1.5 });
    metrics.reset();
    expect(metrics.summary().count).toBe(0);
    expect(metrics.deliverySummary().count).toBe(0);
  });

  it('summarize takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarize(values)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(summarize([])).toEqual({ count: 0, p50: null, p95: null, p99: null, max: null });
  });
});

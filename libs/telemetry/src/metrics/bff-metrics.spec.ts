import type { TieredCache } from '@app/cache';
import { BffMetrics } from './bff-metrics';

function sampleValue(text: string, line: string): number | undefined {
  const found = text.split('\n').find((candidate) => candidate.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe(BffMetrics.name, () => {
  const cache = {
    tierCounts: () => ({
      memory: { hits: 5, misses: 2, errors: 0 },
      redis: { hits: 1, misses: 1, errors: 3 },
    }),
  } as unknown as TieredCache;

  function create(): { metrics: BffMetrics } {
    return { metrics: new BffMetrics(cache) };
  }

  it('uses a registry of its own, so two apps in one process do not clash', async () => {
    const first = create().metrics;
    const second = create().metrics;
    expect(first.registry).not.toBe(second.registry);
    expect(await second.scrape()).toContain('nodejs_eventloop_lag_seconds');
  });

  it('counts requests by route template, method and status, and degraded sections', async () => {
    const { metrics } = create();
    metrics.recordRequest({
      route: '/ios/v1/home',
      method: 'GET',
      status: 200,
      durationMs: 42,
      degradedSections: ['recentOrders'],
    });
    metrics.recordRequest({ route: 'unmatched', method: 'BREW', status: 404, durationMs: 1 });
    const text = await metrics.scrape();
    expect(
      sampleValue(text, 'http_requests_total{route="/ios/v1/home",method="GET",status="200"}'),
    ).toBe(1);
    expect(
      sampleValue(text, 'http_requests_total{route="unmatched",method="OTHER",status="404"}'),
    ).toBe(1);
    expect(sampleValue(text, 'degraded_sections_total{section="recentOrders"}')).toBe(1);
    expect(
      sampleValue(
        text,
        'http_request_duration_seconds_bucket{le="0.05",route="/ios/v1/home",method="GET",status="200"}',
      ),
    ).toBe(1);
  });

  it('counts downstream attempts, retries, rejections, circuit states and dropped elements', async () => {
    const { metrics } = create();
    metrics.recordCall('users', 'timeout', 250);
    metrics.retried('users');
    metrics.bulkheadRejected('catalog');
    metrics.breakerChanged('orders', 'open');
    metrics.breakerChanged('catalog', 'half_open');
    metrics.elementsDropped({ service: 'orders', element: 'order', reason: 'malformed', count: 2 });
    const text = await metrics.scrape();
    expect(sampleValue(text, 'downstream_calls_total{service="users",outcome="timeout"}')).toBe(1);
    expect(
      sampleValue(text, 'downstream_call_duration_seconds_sum{service="users",outcome="timeout"}'),
    ).toBe(0.25);
    expect(sampleValue(text, 'downstream_retries_total{service="users"}')).toBe(1);
    expect(sampleValue(text, 'downstream_bulkhead_rejections_total{service="catalog"}')).toBe(1);
    expect(sampleValue(text, 'downstream_circuit_state{service="orders"}')).toBe(2);
    expect(sampleValue(text, 'downstream_circuit_state{service="catalog"}')).toBe(1);
    expect(
      sampleValue(
        text,
        'downstream_dropped_elements_total{service="orders",element="order",reason="malformed"}',
      ),
    ).toBe(2);
  });

  it('reads the cache tier totals at scrape time, as a counter', async () => {
    const { metrics } = create();
    const text = await metrics.scrape();
    expect(text).toContain('# TYPE cache_requests_total counter');
    expect(sampleValue(text, 'cache_requests_total{tier="memory",result="hit"}')).toBe(5);
    expect(sampleValue(text, 'cache_requests_total{tier="redis",result="error"}')).toBe(3);
    // Scraping again reports the totals, not their double.
    const again = await metrics.scrape();
    expect(sampleValue(again, 'cache_requests_total{tier="memory",result="hit"}')).toBe(5);
  });

  it('never writes NaN as prom-client spells it', async () => {
    expect(await create().metrics.scrape()).not.toMatch(/ Nan$/m);
  });
});

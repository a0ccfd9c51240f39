import { performance } from 'node:perf_hooks';
import { CallOutcome, DownstreamEvents } from '@app/downstream';
import { BffHarness, startBff } from './support/bff-harness';

/**
 * Long enough that the 5 calls holding the bulkhead are still open when the last of the 30
 * requests arrives, even on a loaded 2-core machine (at 800 ms the first ones were released
 * before the last arrived, and those got a slot).
 */
const SCREEN_DEADLINE_MS = 2_500;
const MAX_CONCURRENT = 5;

describe('bulkhead per downstream service', () => {
  let bff: BffHarness;
  let token: string;
  let rejected = 0;
  const attempts: Array<{ service: string; outcome: CallOutcome; durationMs: number }> = [];

  beforeAll(async () => {
    bff = await startBff({
      BULKHEAD_MAX_CONCURRENT: String(MAX_CONCURRENT),
      SCREEN_DEADLINE_MS: String(SCREEN_DEADLINE_MS),
      // The deadline, not a call timeout, ends the hanging calls: no retry takes a slot again.
      UPSTREAM_TIMEOUT_MS: String(2 * SCREEN_DEADLINE_MS),
      BREAKER_MIN_CALLS: '100000',
      RATE_LIMIT_USER_PER_MIN: '10000',
    });
    token = await bff.token('u-1001');
    // Warm-up: the first request pays for JIT and connection set-up.
    for (let i = 0; i < 3; i++) await bff.client.home('ios', { token });
    bff.app.get(DownstreamEvents).subscribe({
      bulkheadRejected: () => rejected++,
      callStarted: ({ service }) => ({
        end: ({ outcome, durationMs }) => attempts.push({ service, outcome, durationMs }),
      }),
    });
  });
  afterAll(() => bff.close());

  it('caps concurrent calls to a hanging service; the overflow degrades at once', async () => {
    bff.backends.setFault('orders', { kind: 'hang' });
    bff.backends.resetCalls();
    // Staggered by a few ms, as real traffic is: fast services never hold 5 calls at once,
    // while every hanging orders call is still open when the next one comes.
    const requests = Array.from({ length: 30 }, async (_, index) => {
      await new Promise((resolve) => setTimeout(resolve, index * 6));
      const started = performance.now();
      const response = await bff.client.home('ios', { token });
      return { response, elapsedMs: performance.now() - started };
    });
    const results = await Promise.all(requests);

    expect(bff.backends.inFlight('orders').max).toBe(MAX_CONCURRENT);
    expect(bff.backends.calls('orders')).toHaveLength(MAX_CONCURRENT);
    for (const { response } of results) {
      expect(response.status).toBe(200);
      expect(response.body.meta.degradedSections).toEqual(['recentOrders']);
      expect(response.body.recentOrders).toEqual([]);
      expect(response.body.recommendations.length).toBeGreaterThan(0);
      expect(typeof response.body.unreadNotifications).toBe('number');
    }
    expect(rejected).toBe(30 - MAX_CONCURRENT);
    const refusals = attempts.filter((a) => a.outcome === 'bulkhead_full');
    expect(refusals).toHaveLength(30 - MAX_CONCURRENT);
    expectFast(refusals.map((refusal) => refusal.durationMs));

    const latencies = results.map((r) => r.elapsedMs).sort((a, b) => a - b);
    const p99 = latencies[Math.ceil(latencies.length * 0.99) - 1];
    expect(p99).toBeLessThan(SCREEN_DEADLINE_MS);
    console.info(
      `bulkhead: max in flight ${bff.backends.inFlight('orders').max}, ` +
        `p50 ${latencies[14].toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`,
    );
  });
});

/** Refusals must not wait for anything: typically well under 5 ms, a little more under CI load. */
function expectFast(durations: number[]): void {
  const sorted = [...durations].sort((a, b) => a - b);
  console.info(
    `refusals: median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(2)} ms, max ${sorted[sorted.length - 1]?.toFixed(2)} ms`,
  );
  expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(5);
  expect(sorted[sorted.length - 1]).toBeLessThan(25);
}

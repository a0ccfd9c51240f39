import { performance } from 'node:perf_hooks';
import { DownstreamEvents } from '@app/downstream';
import type { Fault } from '../apps/demo-backends/src';
import { BffHarness, startBff } from './support/bff-harness';

/** The breaker is kept out of the way: these tests are about retries alone. */
const NO_BREAKER = { BREAKER_MIN_CALLS: '100000' };

describe('retries of idempotent downstream calls', () => {
  let bff: BffHarness;
  let token: string;
  const retried: Array<{ service: string; attempt: number; delayMs: number }> = [];

  beforeAll(async () => {
    bff = await startBff({
      ...NO_BREAKER,
      RETRY_MAX_ATTEMPTS: '3',
      RETRY_BASE_DELAY_MS: '40',
      RETRY_MAX_DELAY_MS: '100',
      RETRY_BUDGET_RATIO: '1',
    });
    token = await bff.token('u-1001');
    await bff.client.home('android', { token }); // warm-up
    bff.app.get(DownstreamEvents).subscribe({
      retried: (service, attempt, delayMs) => retried.push({ service, attempt, delayMs }),
    });
  });
  afterAll(() => bff.close());
  beforeEach(() => {
    bff.backends.resetCalls();
    retried.length = 0;
  });
  afterEach(() => bff.backends.clearFaults());

  async function home() {
    const started = performance.now();
    const response = await bff.client.home('android', { token });
    return { response, elapsedMs: performance.now() - started };
  }
  const notificationCalls = () => bff.backends.calls('notifications');

  it('retries a 503 with jittered, capped backoff', async () => {
    bff.backends.setFault('notifications', { kind: 'status', status: 503 });
    const firstGaps: number[] = [];
    for (let run = 0; run < 6; run++) {
      bff.backends.resetCalls();
      const { response } = await home();
      expect(response.status).toBe(200);
      expect(response.body.meta.degradedSections).toEqual(['unreadNotifications']);
      const times = notificationCalls().map((call) => call.receivedAt);
      expect(times).toHaveLength(3);
      firstGaps.push(times[1] - times[0]);
      // Ceilings 40 then 80 ms (full jitter: anywhere from 0), plus loopback slack.
      expect(times[1] - times[0]).toBeLessThanOrEqual(40 + 40);
      expect(times[2] - times[1]).toBeLessThanOrEqual(80 + 40);
    }
    expect(new Set(firstGaps).size).toBeGreaterThan(1);
    expect(retried.filter((r) => r.attempt === 2)).toHaveLength(6);
    expect(new Set(retried.map((r) => r.delayMs)).size).toBeGreaterThan(1);
  });

  it('retries a 503 with Retry-After: 0 at once, and skips one that cannot fit the deadline', async () => {
    bff.backends.setFault('notifications', { kind: 'status', status: 503, retryAfterSec: 0 });
    await home();
    expect(notificationCalls()).toHaveLength(3);
    expect(retried.map((r) => r.delayMs)).toEqual([0, 0]);

    bff.backends.resetCalls();
    bff.backends.setFault('notifications', { kind: 'status', status: 503, retryAfterSec: 2 });
    await home();
    expect(notificationCalls()).toHaveLength(1);
  });

  it.each<[string, Fault]>([
    ['404', { kind: 'status', status: 404 }],
    ['400', { kind: 'status', status: 400 }],
    ['500', { kind: 'status', status: 500 }],
    ['non-JSON', { kind: 'non-json' }],
    ['a timeout', { kind: 'delay', ms: 2_000 }],
  ])('never retries %s', async (_, fault) => {
    bff.backends.setFault('notifications', fault);
    const { response } = await home();
    expect(response.status).toBe(200);
    expect(notificationCalls()).toHaveLength(1);
    expect(retried).toEqual([]);
  });

  it('retries a connection reset', async () => {
    bff.backends.setFault('orders', { kind: 'reset' });
    await home();
    expect(bff.backends.calls('orders')).toHaveLength(3);
  });

  it('a slow failing service never pushes the response past the deadline', async () => {
    bff.backends.setFault('users', { kind: 'status', status: 503, delayMs: 250 });
    bff.backends.setFault('notifications', { kind: 'status', status: 503, delayMs: 300 });
    for (let run = 0; run < 3; run++) {
      bff.backends.resetCalls();
      const users = await home();
      expect(users.response.status).toBe(503);
      expect(users.elapsedMs).toBeLessThan(800);
      expect(bff.backends.calls('users').length).toBeLessThanOrEqual(3);
    }
    bff.backends.clearFaults('users');
    // Sections of the failed requests above may still be retrying: let them drain first.
    await new Promise((resolve) => setTimeout(resolve, 800));
    bff.backends.resetCalls();
    const sent = Date.now();
    const { response, elapsedMs } = await home();
    expect(response.status).toBe(200);
    expect(elapsedMs).toBeLessThan(800);
    // Attempts at ~0 and ~300 ms; a third only when its delay + 50 ms still fit the deadline.
    const calls = notificationCalls();
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.length).toBeLessThanOrEqual(3);
    for (const call of calls) expect(call.receivedAt - sent).toBeLessThan(800);
  });
});

describe('retry budget under a burst', () => {
  async function burst(env: Record<string, string>): Promise<number> {
    const bff = await startBff({ ...NO_BREAKER, RATE_LIMIT_USER_PER_MIN: '10000', ...env });
    try {
      const token = await bff.token('u-1001');
      bff.backends.setFault('notifications', { kind: 'status', status: 503 });
      for (let wave = 0; wave < 5; wave++) {
        const responses = await Promise.all(
          Array.from({ length: 20 }, () => bff.client.home('ios', { token })),
        );
        for (const response of responses) expect(response.status).toBe(200);
      }
      return bff.backends.calls('notifications').length;
    } finally {
      await bff.close();
    }
  }

  it('a dead service receives at most ~1.2× the inbound calls', async () => {
    const received = await burst({ RETRY_MAX_ATTEMPTS: '3', RETRY_BUDGET_RATIO: '0.2' });
    // 100 first attempts + 0.2 × 100 earned retries + the banked reserve of 4.
    expect(received).toBeGreaterThanOrEqual(100);
    expect(received).toBeLessThanOrEqual(124);
    console.info(`retry budget: 100 home requests → ${received} notifications calls`);
  });

  it('without retries the ratio is exactly 1', async () => {
    expect(await burst({ RETRY_MAX_ATTEMPTS: '1' })).toBe(100);
  });
});

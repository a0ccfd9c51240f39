import { performance } from 'node:perf_hooks';
import { BreakerState, CallOutcome, DownstreamEvents } from '@app/downstream';
import { BffHarness, startBff } from './support/bff-harness';

const OPEN_MS = 200;

describe('circuit breaker per downstream service', () => {
  let bff: BffHarness;
  let token: string;
  const transitions: Array<[string, BreakerState]> = [];
  const attempts: Array<{ service: string; outcome: CallOutcome; durationMs: number }> = [];

  beforeAll(async () => {
    bff = await startBff({
      BREAKER_OPEN_MS: String(OPEN_MS),
      BREAKER_WINDOW_MS: '1000',
      BREAKER_MIN_CALLS: '5',
      BREAKER_FAILURE_RATE: '0.5',
      RETRY_MAX_ATTEMPTS: '1',
    });
    token = await bff.token('u-1001');
    bff.app.get(DownstreamEvents).subscribe({
      breakerChanged: (service, state) => transitions.push([service, state]),
      callStarted: ({ service }) => ({
        end: ({ outcome, durationMs }) => attempts.push({ service, outcome, durationMs }),
      }),
    });
  });
  afterAll(() => bff.close());
  beforeEach(() => {
    bff.backends.resetCalls();
    transitions.length = 0;
    attempts.length = 0;
  });
  afterEach(() => bff.backends.clearFaults());

  async function home() {
    const started = performance.now();
    const response = await bff.client.home('ios', { token });
    return { response, elapsedMs: performance.now() - started };
  }
  const notificationCalls = () => bff.backends.calls('notifications').length;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('walks closed → open → half-open → open → half-open → closed', async () => {
    bff.backends.setFault('notifications', { kind: 'status', status: 500 });
    for (let i = 0; i < 5; i++) expect((await home()).response.status).toBe(200);
    expect(notificationCalls()).toBe(5);
    expect(transitions).toEqual([['notifications', 'open']]);

    // Open: fast failure, the service is not contacted, the section degrades at once.
    bff.backends.resetCalls();
    for (let i = 0; i < 5; i++) {
      const { response, elapsedMs } = await home();
      expect(response.status).toBe(200);
      expect(response.body.meta.degradedSections).toEqual(['unreadNotifications']);
      expect(response.body.recentOrders.length).toBeGreaterThan(0);
      expect(elapsedMs).toBeLessThan(300);
    }
    expect(notificationCalls()).toBe(0);
    const refused = attempts.filter((a) => a.outcome === 'circuit_open');
    expect(refused).toHaveLength(5);
    expectFast(refused.map((attempt) => attempt.durationMs));

    // Half-open after openMs: one probe of several concurrent requests reaches the service;
    // it still fails, so the circuit opens again.
    await pause(OPEN_MS + 50);
    const concurrent = await Promise.all([home(), home(), home(), home()]);
    for (const { response } of concurrent) expect(response.status).toBe(200);
    expect(notificationCalls()).toBe(1);
    expect(transitions.slice(1)).toEqual([
      ['notifications', 'half_open'],
      ['notifications', 'open'],
    ]);
    await home();
    expect(notificationCalls()).toBe(1);

    // Healthy again: the next probe closes the circuit and traffic flows.
    bff.backends.clearFaults();
    await pause(OPEN_MS + 50);
    const probe = await home();
    expect(probe.response.body.meta.degraded).toBe(false);
    expect(transitions.slice(3)).toEqual([
      ['notifications', 'half_open'],
      ['notifications', 'closed'],
    ]);
    for (let i = 0; i < 3; i++) expect((await home()).response.body.meta.degraded).toBe(false);
    expect(notificationCalls()).toBe(5);
  });

  it('4xx answers never open the circuit', async () => {
    bff.backends.setFault('notifications', { kind: 'status', status: 400 });
    for (let i = 0; i < 8; i++) await home();
    expect(notificationCalls()).toBe(8);
    expect(transitions).toEqual([]);
  });

  it('users open: 503 USER_PROFILE_UNAVAILABLE at once, users not contacted', async () => {
    bff.backends.setFault('users', { kind: 'reset' });
    // Earlier tests' successes are still in the sliding window: fail until the rate tips it.
    for (let i = 0; i < 40 && transitions.length === 0; i++) {
      expect((await home()).response.status).toBe(503);
    }
    expect(transitions).toEqual([['users', 'open']]);
    bff.backends.resetCalls('users');
    const { response, elapsedMs } = await home();
    expect(response.status).toBe(503);
    expect(response.body.error).toMatchObject({
      code: 'USER_PROFILE_UNAVAILABLE',
      retryable: true,
    });
    expect(elapsedMs).toBeLessThan(100);
    expect(bff.backends.calls('users')).toHaveLength(0);
    bff.backends.clearFaults();
    await pause(OPEN_MS + 50);
    expect((await home()).response.status).toBe(200);
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

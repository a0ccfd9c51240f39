import { DemoBackends, startDemoBackends } from './demo-backends';
import { InFlightGauge } from './in-flight';
import { rawRequest } from './testing/raw-http';

describe(InFlightGauge.name, () => {
  it('tracks the current count and the peak until reset', () => {
    const gauge = new InFlightGauge();
    const first = gauge.enter();
    const second = gauge.enter();
    first();
    first();
    expect(gauge.snapshot()).toEqual({ current: 1, max: 2 });
    gauge.resetMax();
    expect(gauge.snapshot()).toEqual({ current: 1, max: 1 });
    second();
    expect(gauge.snapshot()).toEqual({ current: 0, max: 1 });
  });
});

describe('demo backends: resilience fault extensions', () => {
  let demo: DemoBackends;

  beforeAll(async () => {
    demo = await startDemoBackends();
  });
  afterAll(() => demo.close());
  afterEach(() => {
    demo.clearFaults();
    demo.resetCalls();
  });

  it('adds Retry-After to an injected status when asked', async () => {
    demo.setFault('users', { kind: 'status', status: 503, retryAfterSec: 2 });
    const response = await rawRequest(`${demo.urls.users}/users/u-1001`);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(() =>
      demo.setFault('users', { kind: 'status', status: 503, retryAfterSec: -1 }),
    ).toThrow(TypeError);
  });

  it('answers an injected status late when asked', async () => {
    demo.setFault('users', { kind: 'status', status: 503, delayMs: 150 });
    const started = Date.now();
    expect((await rawRequest(`${demo.urls.users}/users/u-1001`)).status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('counts requests in flight, hanging ones until their connection closes', async () => {
    demo.setFault('orders', { kind: 'hang' });
    const hanging = [1, 2, 3].map(() =>
      rawRequest(`${demo.urls.orders}/orders?userId=u-1001`, { timeoutMs: 150 }).catch(
        (error: unknown) => error,
      ),
    );
    await demo.waitForCalls(3, 'orders');
    expect(demo.inFlight('orders')).toEqual({ current: 3, max: 3 });
    await Promise.all(hanging);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(demo.inFlight('orders')).toEqual({ current: 0, max: 3 });
    demo.resetCalls('orders');
    expect(demo.inFlight('orders')).toEqual({ current: 0, max: 0 });
  });
});

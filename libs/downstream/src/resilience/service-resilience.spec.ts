import type { FailurePolicy } from './failure-policy';
import { ResilienceRejection } from './resilience-rejection';
import { ResilienceSettings, ServiceResilience } from './service-resilience';

class Transient extends Error {
  constructor(readonly retryAfterMs?: number) {
    super('transient');
  }
}
class ClientError extends Error {}

const FAILURES: FailurePolicy = {
  countsAsFailure: (error) => error instanceof Transient,
  isTransient: (error) => error instanceof Transient,
  retryAfterMs: (error) => (error instanceof Transient ? error.retryAfterMs : undefined),
};

const SETTINGS: ResilienceSettings = {
  breaker: { failureRate: 0.5, minimumCalls: 4, windowMs: 1_000, openMs: 100 },
  retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, budgetRatio: 1 },
  bulkheadMaxConcurrent: 2,
};
const FAR = { remainingMs: () => 10_000 };

describe(ServiceResilience.name, () => {
  const retried = jest.fn();
  const bulkheadRejected = jest.fn();
  const breakerChanged = jest.fn();
  const make = (settings = SETTINGS) =>
    new ServiceResilience(settings, FAILURES, { retried, bulkheadRejected, breakerChanged });

  beforeEach(() => jest.clearAllMocks());

  it('retries a transient failure of an idempotent call, numbering the attempts', async () => {
    const attempts: number[] = [];
    const result = await make().execute('users', { idempotent: true, deadline: FAR }, (n, guard) =>
      guard(() => {
        attempts.push(n);
        return n < 3 ? Promise.reject(new Transient()) : Promise.resolve('ok');
      }),
    );
    expect(result).toBe('ok');
    expect(attempts).toEqual([1, 2, 3]);
    expect(retried.mock.calls.map(([service, attempt]) => [service, attempt])).toEqual([
      ['users', 2],
      ['users', 3],
    ]);
  });

  it('never retries a non-idempotent call or a non-transient failure', async () => {
    const resilience = make();
    for (const [idempotent, error] of [
      [false, new Transient()],
      [true, new ClientError()],
    ] as const) {
      const attempt = jest.fn(() => Promise.reject(error));
      await expect(
        resilience.execute('orders', { idempotent, deadline: FAR }, (_, guard) => guard(attempt)),
      ).rejects.toBe(error);
      expect(attempt).toHaveBeenCalledTimes(1);
    }
  });

  it('skips a retry whose delay would not fit in the deadline (Retry-After included)', async () => {
    const attempt = jest.fn(() => Promise.reject(new Transient(1_000)));
    await expect(
      make().execute('orders', { idempotent: true, deadline: { remainingMs: () => 500 } }, (_, g) =>
        g(attempt),
      ),
    ).rejects.toBeInstanceOf(Transient);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('waits what Retry-After asks', async () => {
    let n = 0;
    const started = Date.now();
    await make().execute('orders', { idempotent: true, deadline: FAR }, (_, guard) =>
      guard(() => (++n === 1 ? Promise.reject(new Transient(120)) : Promise.resolve(n))),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    expect(retried).toHaveBeenCalledWith('orders', 2, 120);
  });

  it('refuses calls beyond the bulkhead at once, without counting them as failures', async () => {
    const resilience = make();
    let release = (): void => undefined;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const held = [1, 2].map(() =>
      resilience.execute('orders', { idempotent: true, deadline: FAR }, (_, guard) =>
        guard(() => blocker),
      ),
    );
    await expect(
      resilience.execute('orders', { idempotent: true, deadline: FAR }, (_, guard) =>
        guard(() => Promise.resolve()),
      ),
    ).rejects.toMatchObject({ reason: 'bulkhead_full' });
    expect(bulkheadRejected).toHaveBeenCalledWith('orders');
    release();
    await Promise.all(held);
    expect(resilience.circuitState('orders')).toBe('closed');
  });

  it('opens, fails fast, half-opens after openMs, and closes on a good probe', async () => {
    const resilience = make({ ...SETTINGS, retry: { ...SETTINGS.retry, maxAttempts: 1 } });
    const call = (fn: () => Promise<unknown>) =>
      resilience.execute('catalog', { idempotent: true, deadline: FAR }, (_, g) => g(fn));
    for (let i = 0; i < 4; i++) await call(() => Promise.reject(new Transient())).catch(() => 0);
    expect(resilience.circuitState('catalog')).toBe('open');
    const network = jest.fn(() => Promise.resolve('ok'));
    await expect(call(network)).rejects.toBeInstanceOf(ResilienceRejection);
    expect(network).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 110));
    await expect(call(network)).resolves.toBe('ok');
    expect(breakerChanged.mock.calls).toEqual([
      ['catalog', 'open'],
      ['catalog', 'half_open'],
      ['catalog', 'closed'],
    ]);
  });

  it('does not count client errors against the breaker', async () => {
    const resilience = make();
    for (let i = 0; i < 10; i++) {
      await resilience
        .execute('catalog', { idempotent: true, deadline: FAR }, (_, g) =>
          g(() => Promise.reject(new ClientError())),
        )
        .catch(() => 0);
    }
    expect(resilience.circuitState('catalog')).toBe('closed');
  });
});

import { CallContext, DeadlineExceeded } from '@app/downstream';
import type { RequestContext } from '@app/telemetry';
import { runScreen, ScreenDecided } from './screen-run';

/** A promise settled by hand, to hold a fan-out open while the clock moves. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe(runScreen.name, () => {
  const request = (startedAt = performance.now()): RequestContext => ({
    requestId: 'req-1',
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    startedAt,
  });

  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('hands the fan-out the request, a deadline counted from startedAt and a live signal', async () => {
    const started = performance.now();
    jest.advanceTimersByTime(200);
    let seen: CallContext | undefined;
    await runScreen(request(started), 700, (context) => {
      seen = context;
      expect(context.signal.aborted).toBe(false);
      return Promise.resolve('screen');
    });
    expect(seen?.request).toMatchObject({ requestId: 'req-1' });
    expect(seen?.deadline.remainingMs()).toBe(500);
  });

  it('aborts the signal with DeadlineExceeded when the deadline passes, then clears the timer', async () => {
    const started = performance.now();
    jest.advanceTimersByTime(300);
    const held = deferred<string>();
    let signal: AbortSignal | undefined;
    const run = runScreen(request(started), 700, (context) => {
      signal = context.signal;
      return held.promise;
    });

    jest.advanceTimersByTime(399);
    expect(signal?.aborted).toBe(false);
    jest.advanceTimersByTime(1);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(DeadlineExceeded);

    held.resolve('late');
    await expect(run).resolves.toBe('late');
    expect(signal?.reason).toBeInstanceOf(DeadlineExceeded);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('aborts with ScreenDecided as soon as the fan-out resolves, and clears the timer', async () => {
    let signal: AbortSignal | undefined;
    await expect(
      runScreen(request(), 700, (context) => {
        signal = context.signal;
        return Promise.resolve(42);
      }),
    ).resolves.toBe(42);
    expect(signal?.reason).toBeInstanceOf(ScreenDecided);
    expect(signal?.reason).not.toBeInstanceOf(DeadlineExceeded);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('aborts with ScreenDecided when the fan-out rejects, passing the error on', async () => {
    const failure = new Error('critical source down');
    let signal: AbortSignal | undefined;
    await expect(
      runScreen(request(), 700, (context) => {
        signal = context.signal;
        return Promise.reject(failure);
      }),
    ).rejects.toBe(failure);
    expect(signal?.reason).toBeInstanceOf(ScreenDecided);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('aborts on the next tick when the budget is already spent', async () => {
    const started = performance.now();
    jest.advanceTimersByTime(1_000);
    const held = deferred<void>();
    let signal: AbortSignal | undefined;
    const run = runScreen(request(started), 700, (context) => {
      signal = context.signal;
      return held.promise;
    });
    expect(signal?.aborted).toBe(false);
    jest.advanceTimersByTime(0);
    expect(signal?.reason).toBeInstanceOf(DeadlineExceeded);
    held.resolve();
    await run;
    expect(jest.getTimerCount()).toBe(0);
  });
});

import { SingleFlight } from './single-flight';

/** A promise settled from the outside, so a test decides when a load finishes. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A load that waits for the test and records the signal it was given. */
function pendingLoad<T>() {
  const result = deferred<T>();
  const signals: AbortSignal[] = [];
  const load = jest.fn((signal: AbortSignal) => {
    signals.push(signal);
    return result.promise;
  });
  return { load, signals, ...result };
}

afterEach(() => {
  jest.useRealTimers();
});

describe(SingleFlight.name, () => {
  it('shares one load among concurrent callers of the same key', async () => {
    const flights = new SingleFlight();
    const { load, resolve } = pendingLoad<string>();

    const first = flights.run('k', load);
    const second = flights.run('k', load);
    resolve('value');

    await expect(Promise.all([first, second])).resolves.toEqual(['value', 'value']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('runs one load per key, not one for all keys', async () => {
    const flights = new SingleFlight();
    const a = flights.run('a', () => Promise.resolve('A'));
    const b = flights.run('b', () => Promise.resolve('B'));
    await expect(Promise.all([a, b])).resolves.toEqual(['A', 'B']);
  });

  it('tells whether a key is being loaded, until its load settles', async () => {
    const flights = new SingleFlight();
    const { load, resolve } = pendingLoad<string>();
    expect(flights.has('k')).toBe(false);

    const running = flights.run('k', load);
    expect(flights.has('k')).toBe(true);
    expect(flights.has('other')).toBe(false);

    resolve('value');
    await running;
    expect(flights.has('k')).toBe(false);
  });

  it('loads again for a caller that comes after a successful load', async () => {
    const flights = new SingleFlight();
    await expect(flights.run('k', () => Promise.resolve('first'))).resolves.toBe('first');
    await expect(flights.run('k', () => Promise.resolve('second'))).resolves.toBe('second');
  });

  it('rejects every caller of a failed load and frees the key for the next one', async () => {
    const flights = new SingleFlight();
    const { load, reject } = pendingLoad<string>();
    const first = flights.run('k', load);
    const second = flights.run('k', load);
    reject(new Error('origin down'));

    await expect(first).rejects.toThrow('origin down');
    await expect(second).rejects.toThrow('origin down');
    expect(flights.has('k')).toBe(false);
    await expect(flights.run('k', () => Promise.resolve('recovered'))).resolves.toBe('recovered');
  });

  describe('callers that give up', () => {
    it('rejects a caller with its reason as soon as it aborts, while others still get the value', async () => {
      const flights = new SingleFlight();
      const { load, signals, resolve } = pendingLoad<string>();
      const leaving = new AbortController();
      const staying = new AbortController();

      const left = flights.run('k', load, leaving.signal);
      const stayed = flights.run('k', load, staying.signal);
      const reason = new Error('screen closed');
      leaving.abort(reason);

      await expect(left).rejects.toBe(reason);
      expect(signals[0].aborted).toBe(false);
      resolve('value');
      await expect(stayed).resolves.toBe('value');
    });

    it('aborts the load only once every caller that passed a signal gave up', async () => {
      const flights = new SingleFlight();
      const { load, signals } = pendingLoad<string>();
      const first = new AbortController();
      const second = new AbortController();
      const runs = [
        flights.run('k', load, first.signal).catch(() => undefined),
        flights.run('k', load, second.signal).catch(() => undefined),
      ];

      first.abort(new Error('first left'));
      expect(signals[0].aborted).toBe(false);
      const lastReason = new Error('second left');
      second.abort(lastReason);

      expect(signals[0].aborted).toBe(true);
      expect(signals[0].reason).toBe(lastReason);
      await Promise.all(runs);
    });

    it('never aborts a load that a caller without a signal waits for', async () => {
      const flights = new SingleFlight();
      const { load, signals, resolve } = pendingLoad<string>();
      const withSignal = new AbortController();

      const patient = flights.run('k', load);
      const impatient = flights.run('k', load, withSignal.signal);
      withSignal.abort(new Error('gone'));

      await expect(impatient).rejects.toThrow('gone');
      expect(signals[0].aborted).toBe(false);
      resolve('value');
      await expect(patient).resolves.toBe('value');
    });

    it('starts nothing for a caller that had already given up', async () => {
      const flights = new SingleFlight();
      const load = jest.fn(() => Promise.resolve('value'));
      const reason = new Error('already gone');

      await expect(flights.run('k', load, AbortSignal.abort(reason))).rejects.toBe(reason);
      expect(load).not.toHaveBeenCalled();
      expect(flights.has('k')).toBe(false);
    });

    // Regression test: at f367d0c a cancelled load stayed registered under its key until it
    // settled, so a caller arriving meanwhile joined it and failed with the others' abort reason,
    // contrary to the class doc ("one request abandoning its screen must not fail another").
    it('does not fail a caller that arrives after every earlier caller gave up', async () => {
      jest.useFakeTimers();
      const flights = new SingleFlight();
      // Like an HTTP call: it answers after 100 ms, or fails 10 ms after its signal aborts.
      const load = jest.fn(
        (signal: AbortSignal) =>
          new Promise<string>((resolve, reject) => {
            setTimeout(() => resolve('value'), 100);
            signal.addEventListener('abort', () => {
              setTimeout(() => reject(signal.reason as Error), 10);
            });
          }),
      );
      const leaving = new AbortController();
      const left = flights.run('k', load, leaving.signal).catch((error: Error) => error.message);
      leaving.abort(new Error('first caller left'));

      const newcomer = flights.run('k', load).catch((error: Error) => error.message);
      await jest.advanceTimersByTimeAsync(100);

      await expect(left).resolves.toBe('first caller left');
      await expect(newcomer).resolves.toBe('value');
    });
  });
});

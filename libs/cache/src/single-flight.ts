interface Flight {
  readonly promise: Promise<unknown>;
  readonly controller: AbortController;
  /** Callers still waiting that may give up; Infinity once one joined that never gives up. */
  waiting: number;
}

/**
 * Concurrent callers asking for the same key share one in-flight load: a cold key hit by many
 * requests at once costs one downstream call per process, not one per request. The load is
 * cancelled (its signal aborted) only when every caller waiting for it has given up: one request
 * abandoning its screen must not fail another that joined the same load.
 */
export class SingleFlight {
  private readonly inFlight = new Map<string, Flight>();

  /**
   * The shared load's result; with `caller`, the caller stops waiting (rejected with the signal's
   * reason) as soon as it aborts, whoever else still waits.
   */
  run<T>(key: string, load: (signal: AbortSignal) => Promise<T>, caller?: AbortSignal): Promise<T> {
    // A caller that already gave up starts nothing.
    if (caller?.aborted) return Promise.reject(caller.reason as Error);
    let flight = this.inFlight.get(key);
    if (!flight) {
      const controller = new AbortController();
      const promise = load(controller.signal).finally(() => {
        if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
      });
      promise.catch(() => undefined); // each waiter gets the failure on its own promise
      flight = { promise, controller, waiting: 0 };
      this.inFlight.set(key, flight);
    }
    this.join(key, flight, caller);
    const shared = flight.promise as Promise<T>;
    return caller ? untilAborted(shared, caller) : shared;
  }

  has(key: string): boolean {
    return this.inFlight.has(key);
  }

  private join(key: string, flight: Flight, caller: AbortSignal | undefined): void {
    if (!caller) {
      flight.waiting = Number.POSITIVE_INFINITY;
      return;
    }
    flight.waiting += 1;
    const leave = (): void => {
      flight.waiting -= 1;
      if (flight.waiting > 0) return;
      flight.controller.abort(caller.reason);
      // Cancelled: whoever asks next starts a load of its own instead of joining a dead one.
      if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
    };
    caller.addEventListener('abort', leave, { once: true });
    const stopListening = (): void => caller.removeEventListener('abort', leave);
    flight.promise.then(stopListening, stopListening);
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  let abort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    abort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', abort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', abort));
}

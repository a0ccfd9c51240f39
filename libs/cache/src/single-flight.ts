/**
 * Concurrent callers asking for the same key share one in-flight load: a cold key hit by many
 * requests at once costs one downstream call per process, not one per request.
 */
export class SingleFlight {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  run<T>(key: string, load: () => Promise<T>): Promise<T> {
    const current = this.inFlight.get(key);
    if (current) return current as Promise<T>;
    const flight = load().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, flight);
    return flight;
  }

  has(key: string): boolean {
    return this.inFlight.has(key);
  }
}

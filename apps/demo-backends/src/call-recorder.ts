import type { ServiceName } from '@app/config';

export interface RecordedCall {
  service: ServiceName;
  method: string;
  /** Path and query, as received. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Epoch milliseconds when the request arrived. */
  receivedAt: number;
}

/**
 * Every call received, in arrival order. Bounded so long benchmark runs do not grow without limit:
 * past `maxCalls` the oldest calls are forgotten.
 */
export class CallRecorder {
  private recorded: RecordedCall[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(private readonly maxCalls = 20_000) {}

  record(call: RecordedCall): void {
    this.recorded.push(call);
    // Trimming in batches keeps the cost of forgetting amortised O(1) per call.
    if (this.recorded.length > this.maxCalls * 1.5) {
      this.recorded = this.recorded.slice(-this.maxCalls);
    }
    for (const wake of this.waiters) wake();
  }

  /** Resolves with the calls once at least `count` were recorded (for `service`, if given). */
  waitFor(
    count: number,
    service: ServiceName | undefined,
    timeoutMs: number,
  ): Promise<RecordedCall[]> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const calls = this.calls(service);
        if (calls.length < count) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(calls);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const seen = this.calls(service).length;
        reject(
          new Error(
            `Expected ${count} ${service ?? 'demo'} calls within ${timeoutMs} ms, saw ${seen}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  calls(service?: ServiceName): RecordedCall[] {
    return service === undefined
      ? [...this.recorded]
      : this.recorded.filter((call) => call.service === service);
  }

  reset(service?: ServiceName): void {
    this.recorded =
      service === undefined ? [] : this.recorded.filter((call) => call.service !== service);
  }
}
